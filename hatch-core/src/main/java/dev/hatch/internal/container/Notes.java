package dev.hatch.internal.container;

import java.util.ArrayList;
import java.util.List;

/**
 * What a snapshot could not read, in a few words each. Bounded, so a machine where every file
 * is missing still answers with a short list rather than a long one.
 */
final class Notes {
    static final int MAX_NOTES = 32;

    private final List<String> notes = new ArrayList<>();
    private int dropped;

    void add(String note) {
        if (notes.size() < MAX_NOTES) {
            notes.add(note);
        } else {
            dropped++;
        }
    }

    List<String> toList() {
        List<String> all = new ArrayList<>(notes);
        if (dropped > 0) {
            all.add(dropped + " more notes left out");
        }
        return List.copyOf(all);
    }
}
