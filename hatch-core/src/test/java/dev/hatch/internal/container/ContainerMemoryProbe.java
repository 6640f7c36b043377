package dev.hatch.internal.container;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The child JVM's program for the child-JVM tests: prints {@code SNAPSHOT <json>} lines, one per
 * snapshot taken. {@code snapshot}: one; {@code direct}: one, then 64 × 1 MiB of direct buffers,
 * then another.
 */
public final class ContainerMemoryProbe {
    static final int DIRECT_BUFFERS = 64;

    private ContainerMemoryProbe() {
    }

    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ContainerMemory memory = ContainerMemory.live();
        // Settle the heap so "heap used" compares live data, not garbage that happened to linger.
        System.gc();
        System.out.println("SNAPSHOT " + json.writeValueAsString(memory.snapshot().toJson()));
        if (args.length > 0 && args[0].equals("direct")) {
            List<ByteBuffer> buffers = new ArrayList<>();
            for (int i = 0; i < DIRECT_BUFFERS; i++) {
                ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
                // Touch every page, so the buffers are resident and not just reserved.
                for (int offset = 0; offset < buffer.capacity(); offset += 4096) {
                    buffer.put(offset, (byte) 1);
                }
                buffers.add(buffer);
            }
            System.gc();
            System.out.println("SNAPSHOT " + json.writeValueAsString(memory.snapshot().toJson()));
            System.out.println("buffers " + buffers.size());
        }
    }
}
