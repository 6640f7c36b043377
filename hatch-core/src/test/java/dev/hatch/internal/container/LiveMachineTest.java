package dev.hatch.internal.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** This machine's real files and this JVM: whatever is found, the figures are consistent. */
class LiveMachineTest {

    @Test
    void liveFiguresAreConsistent() {
        ContainerMemorySnapshot snapshot = ContainerMemory.live().snapshot();

        CgroupMemory cgroup = snapshot.cgroup();
        assertThat(cgroup.version()).isIn("v1", "v2", "none");
        if (cgroup.limited()) {
            assertThat(cgroup.limitBytes()).isPositive().isLessThan(CgroupMemory.V1_UNLIMITED_THRESHOLD);
        } else {
            assertThat(cgroup.limitBytes()).isNull();
        }
        if (!cgroup.version().equals("none")) {
            assertThat(cgroup.usageBytes()).isPositive();
        }

        ProcessMemory process = snapshot.process();
        assertThat(process.rssBytes()).isPositive();
        assertThat(process.threads()).isPositive();
        assertThat(process.status().get("rssAnonBytes") + process.status().get("rssFileBytes")
                + process.status().get("rssShmemBytes")).isEqualTo(process.rssBytes());

        JvmMemory jvm = snapshot.jvm();
        assertThat(jvm.heapCommittedBytes()).isPositive().isGreaterThanOrEqualTo(jvm.heapUsedBytes());
        assertThat(jvm.nonHeapPools()).extracting(JvmMemory.Pool::name).contains("Metaspace");
        assertThat(jvm.nonHeapCommittedBytes()).isPositive();
        assertThat(jvm.platformThreads()).isPositive();
        assertThat(jvm.threadStackSizeBytes()).isPositive();
        assertThat(jvm.threadStacksBytes()).isEqualTo(jvm.platformThreads() * jvm.threadStackSizeBytes());
        assertThat(jvm.bufferPools()).extracting(JvmMemory.BufferPool::name).contains("direct", "mapped");

        NotAccounted notAccounted = snapshot.notAccounted();
        assertThat(notAccounted.rssBytes()).isEqualTo(process.rssBytes());
        assertThat(notAccounted.differenceBytes()).isEqualTo(notAccounted.rssBytes() - notAccounted.accountedBytes());
        assertThat(notAccounted.notAccountedBytes()).isEqualTo(Math.max(0, notAccounted.differenceBytes()));
        assertThat(notAccounted.clampedAtZero()).isEqualTo(notAccounted.differenceBytes() < 0);
        if (!jvm.nmt().enabled()) {
            assertThat(notAccounted.basis()).isEqualTo("pools");
            assertThat(notAccounted.accountedBytes()).isEqualTo(jvm.poolsTotalBytes());
            assertThat(jvm.nmt().toJson()).containsEntry("enabled", false);
        }
    }

    @Test
    void jsonHoldsOnlyPlainValuesWithCamelCaseFieldsAndIsAFreshCopy() throws Exception {
        ContainerMemorySnapshot snapshot = ContainerMemory.live().snapshot();
        Map<String, Object> json = snapshot.toJson();

        assertThat(json).containsKeys("cgroup", "process", "jvm", "notAccounted", "notes");
        assertPlain(json, "");
        // Jackson (any JSON writer) takes it as is.
        assertThat(new ObjectMapper().writeValueAsString(json)).startsWith("{\"cgroup\":{\"version\":");

        json.clear();
        assertThat(snapshot.toJson()).containsKeys("cgroup", "process", "jvm");
    }

    /** Maps, lists, strings, longs, booleans and doubles only; fields camelCase (data keys aside). */
    private static void assertPlain(Object value, String where) {
        if (value instanceof Map<?, ?> map) {
            boolean dataKeys = where.endsWith(".pools") || where.endsWith(".categories");
            map.forEach((key, inner) -> {
                assertThat(key).isInstanceOf(String.class);
                if (!dataKeys) {
                    assertThat((String) key).as(where).matches("[a-z][A-Za-z0-9]*");
                }
                assertPlain(inner, where + "." + key);
            });
        } else if (value instanceof List<?> list) {
            list.forEach(inner -> assertPlain(inner, where + "[]"));
        } else {
            assertThat(value).as(where).isInstanceOfAny(String.class, Long.class, Boolean.class, Double.class);
        }
    }
}
