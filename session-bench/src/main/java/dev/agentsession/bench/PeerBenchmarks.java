package dev.agentsession.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The peers of SPEC 9 doing what {@link SessionBenchmarks#appendOne()} and {@link SessionBenchmarks#recent20()}
 * do, the same way (same batches, same histories, same servers), so that the report divides one by the other.
 * Spring AI's chat memory, which rewrites the conversation on every append, has {@link ChatMemoryBenchmarks}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PeerBenchmarks {

    /** Which peer. */
    @Param({ "ADK_MEMORY", "SPRING_AI_SESSION_MEMORY", "SPRING_AI_SESSION_H2", "SPRING_AI_SESSION_POSTGRESQL",
            "SPRING_AI_SESSION_MARIADB", "LETTUCE_FLOOR" })
    public String peer;

    /** How many messages the conversation holds before the measured operation. */
    @Param({ "10", "1000", "100000" })
    public int history;

    private PeerStore store;

    private Object readTarget;

    private Object appendTarget;

    private int repeat;

    /**
     * Opens the peer and writes the conversation to read.
     * @throws Exception if the peer cannot be opened
     */
    @Setup(Level.Trial)
    public void open() throws Exception {
        this.store = Peer.valueOf(this.peer).open();
        this.repeat = SessionBenchmarks.repeat(this.peer);
        this.readTarget = this.store.conversation(this.history);
    }

    /**
     * A fresh conversation for the next iteration of the append benchmark, as {@link SessionBenchmarks} does.
     * @throws Exception if the peer fails
     */
    @Setup(Level.Iteration)
    public void freshAppendTarget() throws Exception {
        this.appendTarget = SessionBenchmarks.reusesReadTarget(this.history) ? this.readTarget
                : this.store.conversation(this.history);
    }

    /**
     * Closes the peer and drops what it wrote.
     * @throws Exception if closing fails
     */
    @TearDown(Level.Trial)
    public void close() throws Exception {
        this.store.close();
    }

    /**
     * Appends one message.
     * @return what the peer returned
     * @throws Exception if the peer fails
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(batchSize = SessionBenchmarks.APPEND_WARMUP_CALLS)
    @Measurement(batchSize = SessionBenchmarks.APPEND_MEASURED_CALLS)
    public Object appendOne() throws Exception {
        Object appended = null;
        for (int i = 0; i < this.repeat; i++) {
            appended = this.store.append(this.appendTarget);
        }
        return appended;
    }

    /**
     * Reads the 20 most recent messages.
     * @return what the peer returned
     * @throws Exception if the peer fails
     */
    @Benchmark
    public Object recent20() throws Exception {
        return this.store.recent20(this.readTarget);
    }
}
