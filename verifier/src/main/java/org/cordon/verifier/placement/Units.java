package org.cordon.verifier.placement;

/** The solver's units (percent of a CPU, MiB, Kbit/s) in the words a report uses. */
final class Units {

    private Units() {
    }

    static String cpus(long percent) {
        if (percent % 100 == 0) {
            return percent / 100 + " pCPU" + (percent == 100 ? "" : "s");
        }
        return String.format(java.util.Locale.ROOT, "%.2f pCPUs", percent / 100.0).replace("0 pCPUs", " pCPUs");
    }

    static String mib(long mib) {
        if (mib >= 1024 * 1024 && mib % (1024 * 1024) == 0) {
            return mib / (1024 * 1024) + " TiB";
        }
        if (mib >= 1024 && mib % 1024 == 0) {
            return mib / 1024 + " GiB";
        }
        return mib + " MiB";
    }

    static String kbps(long kbps) {
        if (kbps >= 1_000_000 && kbps % 1_000_000 == 0) {
            return kbps / 1_000_000 + " Gbit/s";
        }
        if (kbps >= 1000 && kbps % 1000 == 0) {
            return kbps / 1000 + " Mbit/s";
        }
        return kbps + " Kbit/s";
    }

    static String of(Fleet.Resource r, long value) {
        return switch (r) {
            case CPU -> cpus(value);
            case MEMORY, DISK -> mib(value);
            case NET, DISK_RATE -> kbps(value);
        };
    }

    /** Bytes to MiB, rounded up (a demand) or down (a capacity), so rounding never hides an overcommit. */
    static long mib(long bytes, boolean up) {
        long m = bytes / (1L << 20);
        return up && bytes % (1L << 20) != 0 ? m + 1 : m;
    }

    static long kbps(long bitsPerSecond, boolean up) {
        long k = bitsPerSecond / 1000;
        return up && bitsPerSecond % 1000 != 0 ? k + 1 : k;
    }
}
