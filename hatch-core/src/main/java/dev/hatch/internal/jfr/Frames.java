package dev.hatch.internal.jfr;

import java.util.regex.Pattern;

/**
 * Names of generated and hidden classes without the parts that differ from one process to the
 * next, so that two flame graphs of the same code compare: {@code Foo$$Lambda$14+0x00007f5e20003c68.1144748369}
 * (JFR on 17) and {@code Foo$$Lambda.0x000001f0010a3a00} (21+) become {@code Foo$$Lambda}, any
 * other hidden class loses its address ({@code LambdaForm$MH}), {@code GeneratedMethodAccessor123}
 * becomes {@code GeneratedMethodAccessor}, {@code jdk.proxy2.$Proxy12} becomes
 * {@code jdk.proxy.$Proxy}, and CGLIB's {@code $$EnhancerBySpringCGLIB$$1a2b3c} loses its hash.
 */
final class Frames {
    private static final Pattern LAMBDA = Pattern.compile("\\$\\$Lambda\\$[0-9]+");
    /**
     * A hidden class's address as the class itself spells it ({@code /0x…}) and as JFR does:
     * {@code .0x…} on 21 and later, {@code +0x….1144748369} on 17. No legal class name has a
     * segment that starts with a digit, so nothing else matches.
     */
    private static final Pattern HIDDEN = Pattern.compile("[./+]0x[0-9a-fA-F]+(\\.[0-9]+)?");
    private static final Pattern NUMBERED = Pattern.compile(
            "(GeneratedMethodAccessor|GeneratedConstructorAccessor|GeneratedSerializationConstructorAccessor|\\$Proxy)[0-9]+");
    private static final Pattern PROXY_MODULE = Pattern.compile("^jdk\\.proxy[0-9]+\\.");
    private static final Pattern CGLIB = Pattern.compile("(\\$\\$[A-Za-z]*CGLIB\\$\\$)[0-9a-fA-F]+(_[0-9]+)?");

    private Frames() {
    }

    /** The class name as it reads the same in every process. */
    static String normalise(String className) {
        String s = className;
        if (s.indexOf('$') < 0 && !s.contains("0x") && !s.contains("Accessor")) {
            return s; // the common case: an ordinary class
        }
        s = LAMBDA.matcher(s).replaceAll("\\$\\$Lambda");
        s = HIDDEN.matcher(s).replaceAll("");
        s = NUMBERED.matcher(s).replaceAll("$1");
        s = PROXY_MODULE.matcher(s).replaceFirst("jdk.proxy.");
        return CGLIB.matcher(s).replaceAll("$1");
    }
}
