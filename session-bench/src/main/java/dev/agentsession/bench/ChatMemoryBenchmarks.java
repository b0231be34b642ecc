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
 * Spring AI 2.0's JDBC chat memory, whose append rewrites the whole conversation: the same operations as
 * {@link PeerBenchmarks} in small batches (20 calls), each iteration on a fresh conversation of {@code history}
 * messages. SPEC 9 compares at 1,000 messages.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ChatMemoryBenchmarks {

    /** Calls per iteration of the append benchmark. */
    static final int APPEND_CALLS = 20;

    /** Which database. */
    @Param({ "CHAT_MEMORY_H2", "CHAT_MEMORY_POSTGRESQL", "CHAT_MEMORY_MARIADB" })
    public String chatMemory;

    /** How many messages the conversation holds before the measured operation. */
    @Param({ "10", "1000" })
    public int history;

    private PeerStore store;

    private Object readTarget;

    private Object appendTarget;

    /**
     * Opens the chat memory and writes the conversation to read.
     * @throws Exception if it cannot be opened
     */
    @Setup(Level.Trial)
    public void open() throws Exception {
        this.store = Peer.valueOf(this.chatMemory).open();
        this.readTarget = this.store.conversation(this.history);
    }

    /**
     * A fresh conversation for the next append iteration.
     * @throws Exception if the chat memory fails
     */
    @Setup(Level.Iteration)
    public void freshAppendTarget() throws Exception {
        this.appendTarget = this.store.conversation(this.history);
    }

    /**
     * Drops the database.
     * @throws Exception if closing fails
     */
    @TearDown(Level.Trial)
    public void close() throws Exception {
        this.store.close();
    }

    /**
     * Appends one message.
     * @return the conversation id
     * @throws Exception if the chat memory fails
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(batchSize = APPEND_CALLS)
    @Measurement(batchSize = APPEND_CALLS)
    public Object appendOne() throws Exception {
        return this.store.append(this.appendTarget);
    }

    /**
     * Reads the conversation (all of it: the chat memory has no window).
     * @return the messages
     * @throws Exception if the chat memory fails
     */
    @Benchmark
    public Object recent20() throws Exception {
        return this.store.recent20(this.readTarget);
    }
}
