package dev.hatch.internal.leaks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Names the classes that grow across live histograms. A class is a suspect when its instances
 * (or, for arrays that grow in place, its bytes) rose in at least three quarters of the steps
 * between snapshots and ended higher than they started. Application classes come first, most
 * bytes gained first: they are the types that hold the growing {@code byte[]}, {@code String}
 * and {@code HashMap$Node}, and the ones an operator can fix. JDK classes and arrays follow.
 * Hatch's own classes (and arrays of them, and the libraries it relocates under
 * {@code dev.hatch.internal.shaded}) are never suspects.
 * Growth is ranked per class across snapshots; it is not correlated with total heap growth.
 */
final class Suspects {
    /** Suspects reported. */
    static final int MAX = 10;
    /** Fewer new instances than this do not make an application class a suspect. */
    static final int MIN_INSTANCES = 16;

    private Suspects() {
    }

    /**
     * One growing class.
     *
     * @param className the class, as the histogram names it ({@code [B} for byte arrays)
     * @param bytesGrowth bytes gained from the first to the last snapshot
     * @param instancesGrowth instances gained
     * @param application whether it is an application class
     * @param steadiness share of steps in which it grew, 0 to 1
     */
    record Suspect(String className, long bytesGrowth, long instancesGrowth, boolean application, double steadiness) {
    }

    /** Ranks the growing classes over snapshots in time order; empty with fewer than two. */
    static List<Suspect> rank(List<Snapshot> snapshots) {
        int k = snapshots.size();
        if (k < 2) {
            return List.of();
        }
        List<Map<String, Integer>> indexes = new ArrayList<>(k);
        for (Snapshot s : snapshots) {
            indexes.add(s.index());
        }
        Snapshot last = snapshots.get(k - 1);
        int steps = k - 1;
        int needed = (int) Math.ceil(0.75 * steps);
        List<Suspect> app = new ArrayList<>();
        List<Suspect> other = new ArrayList<>();
        for (int c = 0; c < last.size(); c++) {
            String name = last.names()[c];
            if (Snapshot.hatchClass(name)) {
                continue;
            }
            long[] inst = new long[k];
            long[] bytes = new long[k];
            for (int i = 0; i < k; i++) {
                Integer at = indexes.get(i).get(name);
                if (at != null) {
                    inst[i] = snapshots.get(i).instances()[at];
                    bytes[i] = snapshots.get(i).bytes()[at];
                }
            }
            long bytesGrowth = bytes[k - 1] - bytes[0];
            long instGrowth = inst[k - 1] - inst[0];
            if (bytesGrowth <= 0) {
                continue;
            }
            int instUps = ups(inst);
            int byteUps = ups(bytes);
            boolean steady = instGrowth > 0 && instUps >= needed || byteUps >= needed;
            if (!steady) {
                continue;
            }
            boolean application = Snapshot.applicationClass(name, last.modules()[c]);
            Suspect s = new Suspect(name, bytesGrowth, instGrowth, application, Math.max(instUps, byteUps) / (double) steps);
            if (application && instGrowth >= MIN_INSTANCES) {
                app.add(s);
            } else {
                other.add(s);
            }
        }
        Comparator<Suspect> byGrowth = Comparator.comparingLong(Suspect::bytesGrowth).reversed();
        app.sort(byGrowth);
        other.sort(byGrowth);
        List<Suspect> out = new ArrayList<>(app);
        out.addAll(other);
        return out.size() > MAX ? List.copyOf(out.subList(0, MAX)) : out;
    }

    private static int ups(long[] series) {
        int ups = 0;
        for (int i = 1; i < series.length; i++) {
            if (series[i] > series[i - 1]) {
                ups++;
            }
        }
        return ups;
    }
}
