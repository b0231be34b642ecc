package dev.agentsession.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the short version of the benchmarks and prints one table: operation x backend x history length, with
 * ops/s and the cost ratio at 10,000 vs 10 prior events (time per op at 10,000 divided by time per op at 10;
 * SPEC 9 wants at most 1.3 for appends and recent(20)).
 *
 * <p>Arguments: backends to run (default all), e.g. {@code MEMORY REDIS}. System properties:
 * {@code bench.iterations} (default 3) and {@code bench.seconds} (default 1) set the measurement,
 * {@code bench.warmups} (default 1) the warm-up iterations, {@code bench.forks} (default 1) the JVMs per case, {@code bench.include} a regular expression of
 * benchmark names (default all), {@code bench.histories} the history lengths (default 10,1000,10000).
 */
public final class BenchReport {

    private BenchReport() {
    }

    /**
     * Runs the benchmarks and prints the table.
     * @param args backend names, or none for every backend
     * @throws Exception if JMH fails
     */
    public static void main(String[] args) throws Exception {
        List<String> backends = new ArrayList<>();
        for (String arg : args) {
            backends.add(Backend.valueOf(arg.toUpperCase(Locale.ROOT)).name());
        }
        if (backends.isEmpty()) {
            for (Backend backend : Backend.values()) {
                backends.add(backend.name());
            }
        }
        int iterations = Integer.getInteger("bench.iterations", 3);
        int seconds = Integer.getInteger("bench.seconds", 1);
        String include = System.getProperty("bench.include", ".*");
        String[] histories = System.getProperty("bench.histories", "10,1000,10000").split(",");
        ChainedOptionsBuilder options = new OptionsBuilder()
            .include(SessionBenchmarks.class.getName() + "\\.(" + include + ")$")
            .param("backend", backends.toArray(String[]::new))
            .param("history", histories)
            .forks(Integer.getInteger("bench.forks", 1))
            .warmupIterations(Integer.getInteger("bench.warmups", 1))
            .warmupTime(TimeValue.seconds(seconds))
            .measurementIterations(iterations)
            .measurementTime(TimeValue.seconds(seconds))
            .shouldFailOnError(true);
        Collection<RunResult> results = new Runner(options.build()).run();
        System.out.println();
        System.out.println(table(results));
        System.out.println(CostReport.measure(backends));
    }

    static String table(Collection<RunResult> results) {
        Map<String, Map<Integer, Double>> rows = new TreeMap<>();
        Map<String, Map<Integer, Double>> errors = new LinkedHashMap<>();
        for (RunResult result : results) {
            String operation = result.getParams().getBenchmark().replaceAll(".*\\.", "");
            String backend = result.getParams().getParam("backend");
            int history = Integer.parseInt(result.getParams().getParam("history"));
            String row = operation + "|" + backend;
            double score = result.getPrimaryResult().getScore();
            double opsPerSecond = opsPerSecond(result.getParams(), score);
            rows.computeIfAbsent(row, (key) -> new TreeMap<>()).put(history, opsPerSecond);
            errors.computeIfAbsent(row, (key) -> new TreeMap<>())
                .put(history, opsPerSecond * result.getPrimaryResult().getScoreError() / score);
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format("| %-16s | %-10s | %14s | %14s | %14s | %12s |%n", "operation", "backend",
                "ops/s @10", "ops/s @1,000", "ops/s @10,000", "cost 10k/10"));
        out.append("|------------------|------------|---------------:|---------------:|---------------:|-------------:|\n");
        rows.forEach((row, byHistory) -> {
            String[] parts = row.split("\\|");
            Double at10 = byHistory.get(10);
            Double at10k = byHistory.get(10_000);
            String ratio = (at10 != null && at10k != null) ? String.format("%.2f", at10 / at10k) : "-";
            out.append(String.format("| %-16s | %-10s | %14s | %14s | %14s | %12s |%n", parts[0],
                    parts[1].toLowerCase(Locale.ROOT), score(byHistory.get(10), errors.get(row).get(10)),
                    score(byHistory.get(1000), errors.get(row).get(1000)),
                    score(byHistory.get(10_000), errors.get(row).get(10_000)), ratio));
        });
        return out.toString();
    }

    /**
     * Throughput benchmarks report ops/s; single-shot ones the time of a batch of calls, turned into ops/s here.
     */
    static double opsPerSecond(BenchmarkParams params, double score) {
        if (params.getMode() != Mode.SingleShotTime) {
            return score;
        }
        double seconds = score * params.getTimeUnit().toNanos(1) / 1e9;
        return params.getMeasurement().getBatchSize() / seconds;
    }

    private static String score(Double score, Double error) {
        if (score == null) {
            return "-";
        }
        return (error != null && !error.isNaN()) ? String.format("%,.0f ±%.0f%%", score, 100 * error / score)
                : String.format("%,.0f", score);
    }
}
