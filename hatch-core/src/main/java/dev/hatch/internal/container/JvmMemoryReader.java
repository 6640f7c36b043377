package dev.hatch.internal.container;

import com.sun.management.VMOption;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;

/** Reads the JVM's own figures from its management beans, and NMT when it is on. */
final class JvmMemoryReader {
    /** HotSpot's ThreadStackSize when no -Xss is given, on x64 and aarch64 Linux: 1 MiB. */
    static final long DEFAULT_STACK_SIZE = 1024 * 1024;
    private static final String METASPACE = "Metaspace";
    private static final String CLASS_SPACE = "Compressed Class Space";

    private JvmMemoryReader() {
    }

    static JvmMemory read(Notes notes) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();

        List<JvmMemory.Pool> pools = new ArrayList<>();
        boolean hasMetaspace = false;
        for (MemoryPoolMXBean bean : ManagementFactory.getMemoryPoolMXBeans()) {
            if (bean.getType() != MemoryType.NON_HEAP || !bean.isValid()) {
                continue;
            }
            MemoryUsage usage = bean.getUsage();
            if (usage != null) {
                pools.add(new JvmMemory.Pool(bean.getName(), usage.getUsed(), usage.getCommitted()));
                hasMetaspace |= bean.getName().equals(METASPACE);
            }
        }
        long nonHeapCommitted = 0;
        for (JvmMemory.Pool pool : pools) {
            // HotSpot's Metaspace pool reports all of metaspace, class space included; the
            // Compressed Class Space pool is a part of it, and adding both counts it twice.
            if (!(hasMetaspace && pool.name().equals(CLASS_SPACE))) {
                nonHeapCommitted += pool.committedBytes();
            }
        }

        long threads = ManagementFactory.getThreadMXBean().getThreadCount();
        VMOption stackOption = VmOptions.option("ThreadStackSize", notes);
        Long stackKib = stackOption == null ? null : Text.parseLong(stackOption.getValue());
        // ThreadStackSize is in KiB; 0 means "the platform's default".
        boolean known = stackKib != null && stackKib > 0;
        long stackSize = known ? stackKib * 1024 : DEFAULT_STACK_SIZE;
        String stackSource = !known ? "assumed" : stackOption.getOrigin() == VMOption.Origin.DEFAULT ? "default" : "ThreadStackSize";

        List<JvmMemory.BufferPool> buffers = new ArrayList<>();
        long buffersUsed = 0;
        for (BufferPoolMXBean bean : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            long used = Math.max(0, bean.getMemoryUsed());
            buffers.add(new JvmMemory.BufferPool(bean.getName(), bean.getCount(), used, Math.max(0, bean.getTotalCapacity())));
            buffersUsed += used;
        }

        return new JvmMemory(
                heap.getUsed(),
                heap.getCommitted(),
                heap.getMax() < 0 ? null : heap.getMax(),
                pools,
                nonHeapCommitted,
                threads,
                stackSize,
                stackSource,
                threads * stackSize,
                buffers,
                buffersUsed,
                NmtReader.read(notes));
    }
}
