package dev.agentsession.bench;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import dev.agentsession.DefaultSessionManager;
import dev.agentsession.EventWindow;
import dev.agentsession.NewEvent;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionSettings;
import dev.agentsession.TimeOrderedSessionIdGenerator;
import dev.agentsession.store.SessionCodec;

/**
 * Ours against each session peer of SPEC 9 in one loop: a block of our calls, then the same block of the peer's,
 * again and again, and the median time per call of each. On a shared machine a JMH run measures ours and a peer
 * minutes apart, under whatever else runs then; here both meet the same load within milliseconds, so their ratio
 * holds when the absolute times do not. It complements {@link BenchReport}, whose figures are JMH's.
 *
 * <p>Arguments: backends to run (default all); each peer paired with one of them runs, except Spring AI's chat
 * memory, whose rewrite of the whole conversation {@link ChatMemoryBenchmarks} measures. System properties:
 * {@code bench.histories} (default 10,1000,100000), {@code bench.rounds} (default 5, each on fresh conversations
 * below 100,000 events; the first one warms up and is not counted) and {@code bench.samples} (default 200 blocks per
 * operation and round).
 */
public final class PairedRun {

    private static final String[] OPERATIONS = { "appendOne", "recent20" };

    private PairedRun() {
    }

    /**
     * Runs the pairs and prints the table.
     * @param args backend names, or none for every backend
     * @throws Exception if a backend or peer fails
     */
    public static void main(String[] args) throws Exception {
        List<Backend> backends = new ArrayList<>();
        for (String arg : args) {
            backends.add(Backend.valueOf(arg.toUpperCase(Locale.ROOT)));
        }
        if (backends.isEmpty()) {
            backends.addAll(Arrays.asList(Backend.values()));
        }
        int[] histories = Arrays.stream(System.getProperty("bench.histories", "10,1000,100000").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
        int rounds = Integer.getInteger("bench.rounds", 5);
        int samples = Integer.getInteger("bench.samples", 200);
        StringBuilder table = new StringBuilder(String.format(
                "| %-9s | %-10s | %-36s | %7s | %10s | %10s | %11s | %-13s |%n", "operation", "backend", "peer",
                "history", "ours µs", "peer µs", "ours / peer", "target"));
        table.append("|-----------|------------|--------------------------------------|--------:|-----------:|"
                + "-----------:|------------:|---------------|\n");
        for (Peer peer : Peer.values()) {
            if (peer.isChatMemory() || !backends.contains(peer.ours())) {
                continue;
            }
            for (int history : histories) {
                for (String operation : OPERATIONS) {
                    double[] medians = measure(peer, history, operation, rounds, samples);
                    table.append(row(peer, history, operation, medians[0], medians[1]));
                    System.out.print(row(peer, history, operation, medians[0], medians[1]));
                }
            }
        }
        System.out.println();
        System.out.println(table);
    }

    /** The median microseconds per call of ours and of the peer. */
    private static double[] measure(Peer peer, int history, String operation, int rounds, int samples)
            throws Exception {
        Clock clock = Clock.systemUTC();
        BenchStore store = peer.ours().open(clock);
        PeerStore other = peer.open();
        SessionManager sessions = new DefaultSessionManager(store.sessions(), store.waits(),
                new TimeOrderedSessionIdGenerator(clock), clock, new SessionCodec(), SessionSettings.defaults());
        String app = "paired-" + UUID.randomUUID();
        int block = SessionBenchmarks.repeat(peer.ours().name());
        try {
            double[] ours = new double[rounds * samples];
            double[] theirs = new double[rounds * samples];
            SessionRef ref = null;
            Object conversation = null;
            for (int round = 0; round < rounds; round++) {
                if (ref == null || !SessionBenchmarks.reusesReadTarget(history)) {
                    ref = SessionBenchmarks.conversation(sessions, app, history);
                    conversation = other.conversation(history);
                }
                for (int sample = 0; sample < samples; sample++) {
                    long start = System.nanoTime();
                    for (int call = 0; call < block; call++) {
                        if (operation.equals("appendOne")) {
                            sessions.append(ref, NewEvent.message("user", "hello, how are you today?"));
                        }
                        else {
                            sessions.get(ref, EventWindow.recent(20));
                        }
                    }
                    long middle = System.nanoTime();
                    for (int call = 0; call < block; call++) {
                        if (operation.equals("appendOne")) {
                            other.append(conversation);
                        }
                        else {
                            other.recent20(conversation);
                        }
                    }
                    long end = System.nanoTime();
                    ours[round * samples + sample] = (middle - start) / 1000.0 / block;
                    theirs[round * samples + sample] = (end - middle) / 1000.0 / block;
                }
            }
            return new double[] { median(ours, samples), median(theirs, samples) };
        }
        finally {
            other.close();
            sessions.deleteAll(SessionRef.DEFAULT_TENANT, app);
            store.resources().close();
        }
    }

    /** The median after the first round, which warms the code up. */
    private static double median(double[] times, int warmup) {
        double[] measured = Arrays.copyOfRange(times, Math.min(warmup, times.length - 1), times.length);
        Arrays.sort(measured);
        return measured[measured.length / 2];
    }

    private static String row(Peer peer, int history, String operation, double ours, double theirs) {
        double ratio = ours / theirs;
        double target = peer.target(operation);
        String verdict = "";
        if (target > 0) {
            boolean strict = target == 1 && operation.equals("recent20") && peer == Peer.ADK_MEMORY;
            boolean holds = strict ? ratio < 1 : ratio <= target;
            verdict = (strict ? "< 1" : String.format(Locale.ROOT, "≤ %.1f", target)) + (holds ? " holds" : " MISSED");
        }
        return String.format(Locale.ROOT, "| %-9s | %-10s | %-36s | %,7d | %10.2f | %10.2f | %11.2f | %-13s |%n",
                operation, peer.ours().name().toLowerCase(Locale.ROOT), peer.label(), history, ours, theirs, ratio,
                verdict);
    }
}
