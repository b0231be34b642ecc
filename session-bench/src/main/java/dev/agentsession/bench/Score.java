package dev.agentsession.bench;

import java.util.Locale;

import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.RunResult;

/**
 * One measured case of a run: operation, who ran it (a backend of ours or a peer), the size parameter (history
 * length or number of sessions), and ops/s with JMH's 99.9% error.
 *
 * @param operation the benchmark method
 * @param subject the backend or peer, as named by its enum
 * @param size the history length or number of sessions
 * @param opsPerSecond operations per second
 * @param error the half-width of the confidence interval, in ops/s
 */
record Score(String operation, String subject, int size, double opsPerSecond, double error) {

    static Score of(RunResult result) {
        BenchmarkParams params = result.getParams();
        String operation = params.getBenchmark().replaceAll(".*\\.", "");
        String subject = first(params, "backend", "peer", "chatMemory");
        String size = first(params, "history", "sessions");
        double score = result.getPrimaryResult().getScore();
        double ops = opsPerSecond(params, score)
                * (operation.equals("appendOne") ? SessionBenchmarks.repeat(subject) : 1);
        double relativeError = result.getPrimaryResult().getScoreError() / score;
        return new Score(operation, subject, Integer.parseInt(size), ops, Double.isNaN(relativeError) ? Double.NaN
                : ops * relativeError);
    }

    private static String first(BenchmarkParams params, String... names) {
        for (String name : names) {
            String value = params.getParam(name);
            if (value != null) {
                return value;
            }
        }
        throw new IllegalArgumentException("No " + String.join("/", names) + " in " + params.getBenchmark());
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

    /** Microseconds per operation. */
    double micros() {
        return 1e6 / this.opsPerSecond;
    }

    /** The score as printed: ops/s and the error as a percentage. */
    String text() {
        return Double.isNaN(this.error) ? String.format(Locale.ROOT, "%,.0f", this.opsPerSecond)
                : String.format(Locale.ROOT, "%,.0f ±%.0f%%", this.opsPerSecond, 100 * this.error / this.opsPerSecond);
    }
}
