package dev.hatch.internal.repl;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Spots snippet classes that would end the process: their constant pool refers to
 * {@code System.exit}, {@code Runtime.exit} or {@code Runtime.halt}, directly or by reflection
 * (a string {@code "exit"}/{@code "halt"}, the class {@code System}/{@code Runtime} and a
 * reflective lookup in the same class). A guard against mistakes, not attackers: code that
 * reaches those methods through application code or other indirections is not seen.
 */
final class ExitGuard {
    private static final Set<String> EXITING_OWNERS = Set.of("java/lang/System", "java/lang/Runtime");
    private static final Set<String> EXITING_NAMES = Set.of("exit", "halt");
    private static final Set<String> LOOKUPS = Set.of("getMethod", "getDeclaredMethod", "getMethods",
            "getDeclaredMethods", "findStatic", "findVirtual", "unreflect");

    private ExitGuard() {
    }

    /** What the class would call to end the process, e.g. {@code System.exit}, or {@code null} when nothing. */
    static String check(byte[] classFile) {
        try {
            return scan(classFile);
        } catch (IOException | RuntimeException e) {
            return null; // not a class file we understand: the JVM will refuse it anyway
        }
    }

    private static String scan(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            return null;
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] first = new int[count];
        int[] second = new int[count];
        int[] tags = new int[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            tags[i] = tag;
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                case 7, 8, 16, 19, 20 -> first[i] = in.readUnsignedShort();
                case 9, 10, 11, 12, 17, 18 -> {
                    first[i] = in.readUnsignedShort();
                    second[i] = in.readUnsignedShort();
                }
                case 15 -> {
                    in.readUnsignedByte();
                    first[i] = in.readUnsignedShort();
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        Set<String> classes = new HashSet<>();
        Set<String> strings = new HashSet<>();
        List<String[]> methods = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            switch (tags[i]) {
                case 7 -> classes.add(utf8[first[i]]);
                case 8 -> strings.add(utf8[first[i]]);
                case 10, 11 -> {
                    String owner = utf8[first[first[i]]];
                    String name = utf8[first[second[i]]];
                    methods.add(new String[] {owner, name});
                }
                default -> { }
            }
        }
        boolean lookup = false;
        for (String[] m : methods) {
            if (EXITING_OWNERS.contains(m[0]) && EXITING_NAMES.contains(m[1])) {
                return simpleName(m[0]) + "." + m[1];
            }
            lookup |= LOOKUPS.contains(m[1]);
        }
        if (lookup) {
            for (String owner : EXITING_OWNERS) {
                for (String name : EXITING_NAMES) {
                    if (classes.contains(owner) && strings.contains(name)) {
                        return simpleName(owner) + "." + name + " (by reflection)";
                    }
                }
            }
        }
        return null;
    }

    private static String simpleName(String internalName) {
        return internalName.substring(internalName.lastIndexOf('/') + 1);
    }
}
