package dev.hatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every benchmark once, in this JVM, for one short iteration: each one's setup checks that
 * it measures the path it claims to (good token accepted, route matched, sample recorded...),
 * and each must report a positive score. Numbers from this run mean nothing; scripts/bench-jmh.sh
 * measures.
 */
class BenchmarksSmokeTest {
    /** Every benchmark, with its parameters: a new one must be added here, so none is skipped unnoticed. */
    private static final String[] EXPECTED = {
        "dev.hatch.PipelineBench.answeredHealth",
        "dev.hatch.PipelineBench.refusedRateLimited",
        "dev.hatch.PipelineBench.refusedWithoutToken",
        "dev.hatch.PipelineBench.refusedWrongToken",
        "dev.hatch.RoutingBench.match request=DELETE /ops/heapdumps/20260124-101500-1.hprof.gz",
        "dev.hatch.RoutingBench.match request=GET /ops/no/such/route",
        "dev.hatch.RoutingBench.match request=GET /ops/threads",
        "dev.hatch.internal.leaks.GcCallbackBench.handleNotification",
        "dev.hatch.internal.leaks.NativeSamplerBench.tick",
        "dev.hatch.internal.security.AdmissionBench.admit",
        "dev.hatch.internal.security.AdmissionBench.lockedOut",
        "dev.hatch.internal.security.AdmissionBench.rateLimited",
        "dev.hatch.internal.security.AuthenticateBench.badToken",
        "dev.hatch.internal.security.AuthenticateBench.goodToken",
        "dev.hatch.internal.threads.ThreadDumpJsonBench.threadsJson",
        "dev.hatch.internal.threads.ThreadDumpJsonBench.threadsText",
    };

    @Test
    void everyBenchmarkRunsItsRealPathAndScores() throws RunnerException {
        Options options = new OptionsBuilder()
                .include("dev\\.hatch\\..*")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(150))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();
        Collection<RunResult> results = new Runner(options).run();

        Map<String, Double> scores = new TreeMap<>();
        for (RunResult r : results) {
            String params = r.getParams().getParamsKeys().stream()
                    .map(k -> " " + k + "=" + r.getParams().getParam(k))
                    .reduce("", String::concat);
            scores.put(r.getParams().getBenchmark() + params, r.getPrimaryResult().getScore());
        }
        assertThat(scores).containsOnlyKeys(EXPECTED);
        assertThat(scores).allSatisfy((name, score) -> assertThat(score).as(name).isPositive().isFinite());
        assertThat(results).allSatisfy(r -> assertThat(r.getParams().getTimeUnit()).isIn(TimeUnit.NANOSECONDS, TimeUnit.MICROSECONDS));
    }
}
