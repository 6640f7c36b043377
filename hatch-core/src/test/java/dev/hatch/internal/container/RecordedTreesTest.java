package dev.hatch.internal.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reader against recorded file trees (their READMEs say where each came from). */
class RecordedTreesTest {
    private static final long KIB = 1024;

    @Test
    void capturedV1HybridHostHasNoLimitAndItsRealFigures() {
        ContainerMemorySnapshot snapshot = Trees.snapshot("v1-hybrid-captured");
        CgroupMemory cgroup = snapshot.cgroup();

        assertThat(cgroup.version()).isEqualTo("v1");
        assertThat(cgroup.path()).isEqualTo("/process_api/0583937bbc959f236d36871777d27019");
        assertThat(cgroup.limited()).isFalse();
        assertThat(cgroup.limitBytes()).isNull();
        assertThat(cgroup.usageBytes()).isEqualTo(41652224L);
        assertThat(cgroup.peakUsageBytes()).isEqualTo(202670080L);

        Map<String, Object> json = cgroup.toJson();
        assertThat(json).containsEntry("limited", false).doesNotContainKeys("limitBytes", "headroomBytes",
                "ownLimitBytes", "softLimitBytes", "memorySwapLimitBytes", "limitSetBy");
        assertThat(json).containsEntry("failCount", 0L);
        assertThat(json).containsEntry("oomControl", Map.of("oomKillDisable", false, "underOom", false, "oomKill", 0L));
        assertThat(stat(json))
                .containsEntry("cacheBytes", 37355520L)
                .containsEntry("rssBytes", 1863680L)
                .containsEntry("mappedFileBytes", 0L)
                .containsEntry("shmemBytes", 0L)
                .containsEntry("totalRssBytes", 1863680L)
                .containsEntry("totalCacheBytes", 37355520L)
                .containsEntry("hierarchicalMemoryLimitBytes", 9223372036854771712L)
                .containsEntry("pgfault", 309814L)
                .containsEntry("totalPgmajfault", 123L);
        // The hybrid host's v2 mount has root-level PSI for the process's "0::/" cgroup.
        assertThat(json).containsEntry("pressure", Map.of(
                "some", Map.of("avg10Percent", 0.0, "avg60Percent", 0.0, "avg300Percent", 0.0, "totalStallMicros", 0L),
                "full", Map.of("avg10Percent", 0.0, "avg60Percent", 0.0, "avg300Percent", 0.0, "totalStallMicros", 0L)));

        ProcessMemory process = snapshot.process();
        assertThat(process.rssBytes()).isEqualTo(71716 * KIB);
        assertThat(process.threads()).isEqualTo(19L);
        assertThat(process.status())
                .containsEntry("vmRssBytes", 71716 * KIB)
                .containsEntry("rssAnonBytes", 50964 * KIB)
                .containsEntry("rssFileBytes", 20752 * KIB)
                .containsEntry("rssShmemBytes", 0L)
                .containsEntry("vmSwapBytes", 0L);
        assertThat(process.smapsRollup())
                .containsEntry("rssBytes", 71716 * KIB)
                .containsEntry("pssBytes", 70246 * KIB)
                .containsEntry("swapBytes", 0L)
                .containsKeys("anonymousBytes", "pssAnonBytes", "privateDirtyBytes");
        assertThat(snapshot.notes()).isEmpty();
    }

    @Test
    void v1LimitInsideANamespaceFallsBackToTheMountAndReadsTheLimit() {
        ContainerMemorySnapshot snapshot = Trees.snapshot("v1-limited");
        CgroupMemory cgroup = snapshot.cgroup();

        assertThat(cgroup.version()).isEqualTo("v1");
        assertThat(cgroup.path()).isEqualTo("/docker/3f2a9c0e51d7");
        assertThat(cgroup.limited()).isTrue();
        assertThat(cgroup.limitBytes()).isEqualTo(536870912L);
        assertThat(cgroup.usageBytes()).isEqualTo(41652224L);
        assertThat(cgroup.peakUsageBytes()).isEqualTo(202670080L);
        Map<String, Object> json = cgroup.toJson();
        assertThat(json)
                .containsEntry("limited", true)
                .containsEntry("limitBytes", 536870912L)
                .containsEntry("headroomBytes", 536870912L - 41652224L)
                .containsEntry("ownLimitBytes", 536870912L)
                .containsEntry("limitSetBy", "/")
                .containsEntry("failCount", 3L)
                .containsEntry("oomControl", Map.of("oomKillDisable", false, "underOom", false, "oomKill", 1L));
        assertThat(stat(json)).containsEntry("hierarchicalMemoryLimitBytes", 536870912L);
        assertThat(snapshot.notes()).singleElement().asString()
                .contains("/docker/3f2a9c0e51d7").contains("not visible");
    }

    @Test
    void v2LimitedServiceReportsEveryFile() {
        ContainerMemorySnapshot snapshot = Trees.snapshot("v2-limited");
        CgroupMemory cgroup = snapshot.cgroup();

        assertThat(cgroup.version()).isEqualTo("v2");
        assertThat(cgroup.path()).isEqualTo("/system.slice/app.service");
        assertThat(cgroup.limitBytes()).isEqualTo(536870912L);
        assertThat(cgroup.usageBytes()).isEqualTo(301989888L);
        assertThat(cgroup.peakUsageBytes()).isEqualTo(402653184L);
        Map<String, Object> json = cgroup.toJson();
        assertThat(json)
                .containsEntry("limited", true)
                .containsEntry("headroomBytes", 536870912L - 301989888L)
                .containsEntry("limitSetBy", "/system.slice/app.service")
                .containsEntry("ownLimitBytes", 536870912L)
                .containsEntry("highBytes", 483180544L)
                .containsEntry("swapUsageBytes", 0L)
                .doesNotContainKey("swapLimitBytes");
        assertThat(json).containsEntry("events",
                Map.of("low", 0L, "high", 42L, "max", 7L, "oom", 1L, "oomKill", 1L, "oomGroupKill", 0L));
        assertThat(stat(json))
                .containsEntry("anonBytes", 251658240L)
                .containsEntry("fileBytes", 41943040L)
                .containsEntry("kernelBytes", 8388608L)
                .containsEntry("kernelStackBytes", 1310720L)
                .containsEntry("slabBytes", 4718592L)
                .containsEntry("sockBytes", 0L)
                .containsEntry("shmemBytes", 0L)
                .containsEntry("fileMappedBytes", 12582912L)
                .containsEntry("pgfault", 912345L)
                .containsEntry("workingsetRefaultFile", 130L)
                .hasSize(51);
        assertThat(json).containsEntry("pressure", Map.of(
                "some", Map.of("avg10Percent", 1.25, "avg60Percent", 0.80, "avg300Percent", 0.21, "totalStallMicros", 3456789L),
                "full", Map.of("avg10Percent", 0.50, "avg60Percent", 0.31, "avg300Percent", 0.08, "totalStallMicros", 1234567L)));
        assertThat(snapshot.notes()).isEmpty();
    }

    @Test
    void v2MaxIsNoLimitAndMissingOptionalFilesAreNotNoted() {
        ContainerMemorySnapshot snapshot = Trees.snapshot("v2-no-limit");
        CgroupMemory cgroup = snapshot.cgroup();

        assertThat(cgroup.version()).isEqualTo("v2");
        assertThat(cgroup.path()).isEqualTo("/");
        assertThat(cgroup.limited()).isFalse();
        assertThat(cgroup.limitBytes()).isNull();
        assertThat(cgroup.usageBytes()).isEqualTo(157286400L);
        assertThat(cgroup.peakUsageBytes()).isNull();
        Map<String, Object> json = cgroup.toJson();
        assertThat(json).containsEntry("limited", false)
                .doesNotContainKeys("limitBytes", "highBytes", "peakUsageBytes", "pressure", "headroomBytes");
        assertThat(json).containsEntry("events", Map.of("low", 0L, "high", 0L, "max", 0L, "oom", 0L, "oomKill", 0L));
        assertThat(stat(json)).containsEntry("anonBytes", 104857600L).containsEntry("kernelStackBytes", 655360L);
        assertThat(snapshot.notes()).isEmpty();
    }

    @Test
    void nothingThereSaysNoneAndNamesWhatIsMissing() {
        ContainerMemorySnapshot snapshot = Trees.snapshot("nothing");

        assertThat(snapshot.cgroup().version()).isEqualTo("none");
        assertThat(snapshot.cgroup().limited()).isFalse();
        assertThat(snapshot.cgroup().toJson()).containsOnlyKeys("version", "path", "limited");
        assertThat(snapshot.process().rssBytes()).isNull();
        assertThat(snapshot.process().toJson()).isEmpty();
        assertThat(snapshot.notAccounted()).isNull();
        assertThat(snapshot.toJson()).doesNotContainKey("notAccounted").containsKey("jvm");
        assertThat(snapshot.notes()).anySatisfy(note -> assertThat(note).contains("proc/self/cgroup").contains("not present"));
        assertThat(snapshot.notes()).anySatisfy(note -> assertThat(note).contains("proc/self/status").contains("not present"));
        assertThat(snapshot.notes()).anySatisfy(note -> assertThat(note).contains("no cgroup memory controller"));
        assertThat(snapshot.notes()).anySatisfy(note -> assertThat(note).contains("resident set size unknown"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stat(Map<String, Object> cgroupJson) {
        return (Map<String, Object>) cgroupJson.get("stat");
    }
}
