package com.example.leakeval;

/** The class each leaked loader of the class-loader workload defines again. */
public class Plugin {
    private final long[] state = new long[16];

    /** Does a little work. */
    public long run() {
        return state.length;
    }
}
