package dev.hatch.internal.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hatch.internal.http.Problem;
import dev.hatch.internal.leaks.Verdict;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TriggerSpecTest {

    @Test
    void oldGenerationTriggerWithDefaults() {
        TriggerSpec s = TriggerSpec.parse("near-oom", "{\"on\":\"old-gen\",\"percent\":85}");
        assertThat(s.percent()).isEqualTo(85);
        assertThat(s.oldCollectionsOnly()).isFalse();
        assertThat(s.cooldown()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.maxCount()).isEqualTo(3);
        assertThat(s.maxBytes()).isEqualTo(-1);
        assertThat(s.live()).isTrue();
        assertThat(s.enabled()).isTrue();
        assertThat(s.condition()).isEqualTo("old generation >= 85% of max after any collection");
    }

    @Test
    void verdictTriggerWithEverything() {
        TriggerSpec s = TriggerSpec.parse("leak", "{\"on\":\"verdict\",\"verdict\":\"likely\",\"cooldown\":\"1h\",\"maxCount\":1,"
                + "\"maxBytes\":\"2g\",\"live\":false,\"enabled\":false,\"action\":\"heapdump\"}");
        assertThat(s.verdict()).isEqualTo(Verdict.LIKELY);
        assertThat(s.cooldown()).isEqualTo(Duration.ofHours(1));
        assertThat(s.maxBytes()).isEqualTo(2L << 30);
        assertThat(s.live()).isFalse();
        assertThat(s.enabled()).isFalse();
        assertThat(s.toJson()).containsEntry("verdict", Verdict.LIKELY).containsEntry("cooldown", "PT1H");
    }

    @Test
    void containerTriggerStoresABundleByDefault() {
        TriggerSpec s = TriggerSpec.parse("last-words", "{\"on\":\"container\"}");
        assertThat(s.percent()).isEqualTo(90);
        assertThat(s.events()).isTrue();
        assertThat(s.pressurePercent()).isEqualTo(10);
        assertThat(s.action()).isEqualTo("bundle");
        assertThat(s.condition()).isEqualTo("container memory >= 90% of the limit, a new memory.events count, memory pressure >= 10%");
        assertThat(s.toJson()).containsEntry("action", "bundle").containsEntry("percent", 90).doesNotContainKey("live");
        TriggerSpec quiet = TriggerSpec.parse("t", "{\"on\":\"container\",\"percent\":80,\"events\":false,\"pressure\":0,"
                + "\"action\":\"heapdump\",\"live\":false}");
        assertThat(quiet.condition()).isEqualTo("container memory >= 80% of the limit");
        assertThat(quiet.action()).isEqualTo("heapdump");
        assertThat(TriggerSpec.parse("t", "{\"on\":\"old-gen\",\"percent\":85,\"action\":\"bundle\"}").action()).isEqualTo("bundle");
    }

    @Test
    void mistakesAreRefusedWithTheFieldNamed() {
        String[][] cases = {
            {"{}", "'on' is required"},
            {"{\"on\":\"heap\"}", "'on' must be old-gen, verdict or container"},
            {"{\"on\":\"container\",\"percent\":0}", "'percent' must be a whole number from 1 to 100"},
            {"{\"on\":\"container\",\"pressure\":101}", "'pressure' must be a whole number from 0 to 100"},
            {"{\"on\":\"container\",\"verdict\":\"likely\"}", "'verdict' does not apply"},
            {"{\"on\":\"container\",\"live\":true}", "'live' does not apply to action=bundle"},
            {"{\"on\":\"old-gen\",\"percent\":85,\"events\":true}", "'events' does not apply"},
            {"{\"on\":\"old-gen\"}", "'percent' (1-100) is required"},
            {"{\"on\":\"old-gen\",\"percent\":101}", "'percent' must be a whole number from 1 to 100"},
            {"{\"on\":\"old-gen\",\"percent\":85.5}", "'percent' must be a whole number"},
            {"{\"on\":\"old-gen\",\"percent\":85,\"verdict\":\"likely\"}", "'verdict' does not apply"},
            {"{\"on\":\"verdict\",\"verdict\":\"none\"}", "none would fire all the time"},
            {"{\"on\":\"verdict\",\"verdict\":\"maybe\"}", "verdict must be watch, suspected or likely"},
            {"{\"on\":\"old-gen\",\"percent\":85,\"cooldown\":\"soon\"}", "'cooldown' must be a duration"},
            {"{\"on\":\"old-gen\",\"percent\":85,\"cooldown\":\"10ms\"}", "cooldown must be at least 1s"},
            {"{\"on\":\"old-gen\",\"percent\":85,\"maxBytes\":\"lots\"}", "'maxBytes' must be a size"},
            {"{\"on\":\"old-gen\",\"percent\":85,\"action\":\"restart\"}", "action must be heapdump or bundle"},
            {"{\"on\":\"old-gen\",\"percent\":85,\"colour\":\"red\"}", "unknown field 'colour'"},
            {"[1]", "must be a JSON object"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> TriggerSpec.parse("t", c[0])).as(c[0]).isInstanceOfSatisfying(Problem.class, p -> {
                assertThat(p.status()).isEqualTo(400);
                assertThat(p.detail()).contains(c[1]);
            });
        }
        assertThatThrownBy(() -> TriggerSpec.parse("bad name!", "{\"on\":\"old-gen\",\"percent\":1}")).isInstanceOf(Problem.class);
    }
}
