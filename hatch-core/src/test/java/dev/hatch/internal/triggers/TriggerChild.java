package dev.hatch.internal.triggers;

import dev.hatch.Hatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A small service for {@link TriggeredDumpTest}, run in a child JVM with a 64 MB heap: Hatch
 * configured from properties with a trigger, then 40 MB retained (past the trigger's 50 %), then
 * a full collection every 200 ms, each of which ends past the threshold again.
 */
public final class TriggerChild {
    private TriggerChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Properties p = new Properties();
        p.setProperty("hatch.port", "0");
        p.setProperty("hatch.token.all", "env:HATCH_TEST_TOKEN");
        p.setProperty("hatch.token.all.scopes", "monitor,dump,operate,admin");
        p.setProperty("hatch.dump.dir", dir.resolve("dumps").toString());
        p.setProperty("hatch.audit.file", dir.resolve("audit.jsonl").toString());
        p.setProperty("hatch.trigger.near-full",
                "{\"on\":\"old-gen\",\"percent\":50,\"collections\":\"old\",\"cooldown\":\"1h\",\"maxCount\":3,\"live\":false}");
        Hatch hatch = Hatch.builder().properties(p).start();
        System.out.println("HATCH_PORT=" + hatch.port());
        System.out.flush();
        List<byte[]> retained = new ArrayList<>();
        // 100 KB chunks: G1 would make 1 MB arrays humongous, two regions each.
        for (int i = 0; i < 400; i++) {
            retained.add(new byte[100 << 10]);
            Thread.sleep(2);
        }
        while (retained.size() == 400) {
            System.gc();
            Thread.sleep(200);
        }
    }
}
