package dev.agentsession.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs ours and the peers in one JMH run and prints the tables of SPEC 9: each operation per backend and history
 * length with the cost ratio between the longest and the shortest history, ours against each peer with the ratio of
 * the times and the target, listings at 100 and 100,000 sessions, and what an operation costs on the wire. Draws
 * the chart of cost against history length ({@link BenchChart}).
 *
 * <p>Arguments: backends to run (default all), e.g. {@code MEMORY REDIS}; the peers paired with them run too.
 * System properties: {@code bench.iterations} (default 3) and {@code bench.seconds} (default 1) set the measurement,
 * {@code bench.warmups} (default 1) the warm-up iterations, {@code bench.forks} (default 1) the JVMs per case,
 * {@code bench.include} a regular expression of benchmark method names (default the operations SPEC 9 sets targets
 * for, and SPEC 10's compacted context read: {@code appendOne|recent20|context|listAppPage50|listUserPage50}),
 * {@code bench.histories} the history lengths (default each class's own: 10, 1,000 and 100,000; 10 and 1,000 for
 * the chat memory), {@code bench.sessions} the listing
 * sizes (default 100 and 100,000), {@code bench.chart} the chart's file (default
 * {@code docs/benchmarks-history.png}), {@code bench.json} JMH's JSON results (default
 * {@code session-bench/target/jmh-result.json}).
 */
public final class BenchReport {

    private static final String TARGET_OPERATIONS = "appendOne|recent20|context|listAppPage50|listUserPage50";

    private BenchReport() {
    }

    /**
     * Runs the benchmarks and prints the tables.
     * @param args backend names, or none for every backend
     * @throws Exception if JMH fails
     */
    public static void main(String[] args) throws Exception {
        List<Backend> backends = new ArrayList<>();
        for (String arg : args) {
            backends.add(Backend.valueOf(arg.toUpperCase(Locale.ROOT)));
        }
        if (backends.isEmpty()) {
            backends.addAll(Arrays.asList(Backend.values()));
        }
        List<String> peers = new ArrayList<>();
        List<String> chatMemories = new ArrayList<>();
        for (Peer peer : Peer.values()) {
            if (backends.contains(peer.ours())) {
                (peer.isChatMemory() ? chatMemories : peers).add(peer.name());
            }
        }
        int seconds = Integer.getInteger("bench.seconds", 1);
        String include = System.getProperty("bench.include", TARGET_OPERATIONS);
        List<String> classes = new ArrayList<>(List.of("SessionBenchmarks", "ListingBenchmarks"));
        if (!peers.isEmpty()) {
            classes.add("PeerBenchmarks");
        }
        if (!chatMemories.isEmpty()) {
            classes.add("ChatMemoryBenchmarks");
        }
        ChainedOptionsBuilder options = new OptionsBuilder()
            .include("dev\\.agentsession\\.bench\\.(" + String.join("|", classes) + ")\\.(" + include + ")$")
            .param("backend", backends.stream().map(Backend::name).toArray(String[]::new))
            .forks(Integer.getInteger("bench.forks", 1))
            .warmupIterations(Integer.getInteger("bench.warmups", 1))
            .warmupTime(TimeValue.seconds(seconds))
            .measurementIterations(Integer.getInteger("bench.iterations", 3))
            .measurementTime(TimeValue.seconds(seconds))
            .resultFormat(ResultFormatType.JSON)
            .result(System.getProperty("bench.json", "session-bench/target/jmh-result.json"))
            .shouldFailOnError(true);
        if (!peers.isEmpty()) {
            options.param("peer", peers.toArray(String[]::new));
        }
        if (!chatMemories.isEmpty()) {
            options.param("chatMemory", chatMemories.toArray(String[]::new));
        }
        if (System.getProperty("bench.histories") != null) {
            options.param("history", System.getProperty("bench.histories").split(","));
        }
        if (System.getProperty("bench.sessions") != null) {
            options.param("sessions", System.getProperty("bench.sessions").split(","));
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        List<Score> scores = results.stream().map(Score::of).toList();
        System.out.println();
        System.out.println(ours(scores, backends, "history", SessionBenchmarks.class));
        System.out.println(peers(scores));
        System.out.println(ours(scores, backends, "sessions", ListingBenchmarks.class));
        Path chart = Path.of(System.getProperty("bench.chart", "docs/benchmarks-history.png"));
        if (BenchChart.draw(scores, chart)) {
            System.out.println("Chart: " + chart);
        }
        System.out.println(CostReport.measure(backends.stream().map(Backend::name).toList()));
    }

    /**
     * Ours: one row per operation and backend, ops/s at each size, and the time at the largest size divided by the
     * time at the smallest (SPEC 9: at most 1.3).
     */
    static String ours(List<Score> scores, List<Backend> backends, String sizeName, Class<?> benchmarks) {
        List<String> operations = operations(benchmarks);
        Map<String, Map<Integer, Score>> rows = new TreeMap<>();
        TreeSet<Integer> sizes = new TreeSet<>();
        for (Score score : scores) {
            if (operations.contains(score.operation()) && isBackend(score.subject())) {
                rows.computeIfAbsent(score.operation() + "|" + score.subject(), (key) -> new TreeMap<>())
                    .put(score.size(), score);
                sizes.add(score.size());
            }
        }
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format("| %-16s | %-10s |", "operation", "backend"));
        sizes.forEach((size) -> out.append(String.format(" %16s |", "ops/s @" + String.format("%,d", size))));
        out.append(String.format(" %12s |%n", "cost " + shortSize(sizes.last()) + "/" + shortSize(sizes.first())));
        out.append("|------------------|------------|");
        sizes.forEach((size) -> out.append("-----------------:|"));
        out.append("-------------:|\n");
        rows.forEach((row, bySize) -> {
            String[] parts = row.split("\\|");
            out.append(String.format("| %-16s | %-10s |", parts[0], parts[1].toLowerCase(Locale.ROOT)));
            sizes.forEach((size) -> out.append(String.format(" %16s |",
                    bySize.containsKey(size) ? bySize.get(size).text() : "-")));
            Score smallest = bySize.get(sizes.first());
            Score largest = bySize.get(sizes.last());
            out.append(String.format(" %12s |%n", (smallest != null && largest != null)
                    ? String.format(Locale.ROOT, "%.2f", smallest.opsPerSecond() / largest.opsPerSecond()) : "-"));
        });
        return out.toString();
    }

    /**
     * Ours against each peer at each history: our time divided by the peer's (below 1: ours is faster), with the
     * target of SPEC 9 and whether it holds.
     */
    static String peers(List<Score> scores) {
        Map<String, Score> oursByKey = new TreeMap<>();
        for (Score score : scores) {
            if (isBackend(score.subject())) {
                oursByKey.put(score.operation() + "|" + score.subject() + "|" + score.size(), score);
            }
        }
        List<Score> peerScores = scores.stream()
            .filter((score) -> !isBackend(score.subject()))
            .sorted((a, b) -> {
                int byOperation = a.operation().compareTo(b.operation());
                int byBackend = Peer.valueOf(a.subject()).ours().compareTo(Peer.valueOf(b.subject()).ours());
                int byPeer = a.subject().compareTo(b.subject());
                return (byOperation != 0) ? byOperation : (byBackend != 0) ? byBackend
                        : (byPeer != 0) ? byPeer : Integer.compare(a.size(), b.size());
            })
            .collect(Collectors.toList());
        if (peerScores.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format("| %-9s | %-10s | %-36s | %7s | %16s | %16s | %11s | %-13s |%n", "operation",
                "backend", "peer", "history", "ours ops/s", "peer ops/s", "ours / peer", "target"));
        out.append("|-----------|------------|--------------------------------------|--------:|-----------------:|"
                + "-----------------:|------------:|---------------|\n");
        for (Score peer : peerScores) {
            Peer which = Peer.valueOf(peer.subject());
            Score ours = oursByKey.get(peer.operation() + "|" + which.ours().name() + "|" + peer.size());
            double ratio = (ours != null) ? peer.opsPerSecond() / ours.opsPerSecond() : Double.NaN;
            out.append(String.format(Locale.ROOT, "| %-9s | %-10s | %-36s | %,7d | %16s | %16s | %11s | %-13s |%n",
                    peer.operation(), which.ours().name().toLowerCase(Locale.ROOT), which.label(), peer.size(),
                    (ours != null) ? ours.text() : "-", peer.text(),
                    Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2f", ratio),
                    target(which, peer, ratio)));
        }
        return out.toString();
    }

    private static String target(Peer peer, Score score, double ratio) {
        double target = peer.target(score.operation());
        if (target == 0 || (peer.isChatMemory() && score.size() != 1000)) {
            return "";
        }
        String limit = (target < 1) ? String.format(Locale.ROOT, "≤ %.2f", target)
                : (target == 1 && score.operation().equals("recent20") && peer == Peer.ADK_MEMORY) ? "< 1"
                        : String.format(Locale.ROOT, "≤ %.1f", target);
        if (Double.isNaN(ratio)) {
            return limit;
        }
        boolean holds = (limit.equals("< 1")) ? ratio < 1 : ratio <= target;
        return limit + (holds ? " holds" : " MISSED");
    }

    private static boolean isBackend(String subject) {
        return Arrays.stream(Backend.values()).anyMatch((backend) -> backend.name().equals(subject));
    }

    private static List<String> operations(Class<?> benchmarks) {
        return Arrays.stream(benchmarks.getDeclaredMethods())
            .filter((method) -> method.isAnnotationPresent(org.openjdk.jmh.annotations.Benchmark.class))
            .map(java.lang.reflect.Method::getName)
            .toList();
    }

    private static String shortSize(int size) {
        return (size >= 1000 && size % 1000 == 0) ? (size / 1000) + "k" : String.valueOf(size);
    }
}
