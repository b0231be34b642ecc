package dev.agentsession.bench;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.agentsession.AgentSession;
import dev.agentsession.DefaultSessionManager;
import dev.agentsession.EventWindow;
import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionLifecycleListener;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionQuery;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionSettings;
import dev.agentsession.TimeOrderedSessionIdGenerator;
import dev.agentsession.flow.FlowState;
import dev.agentsession.flow.ReplyScope;
import dev.agentsession.flow.WaitKey;
import dev.agentsession.history.CompactionPolicy;
import dev.agentsession.history.CompactionSettings;
import dev.agentsession.observation.SessionObservations;
import dev.agentsession.store.SessionCodec;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * The operations of SPEC 9 (and SPEC 10's compacted context read) on one backend and one history length. The append benchmarks run a fixed batch of
 * calls per iteration ({@link Mode#SingleShotTime}), each iteration on a fresh session that already holds
 * {@code history} events, so the history stays within {@code history} and {@code history} + 1,000 events while
 * it is measured (a timed iteration would let a fast backend append hundreds of thousands). From 100,000 events on,
 * the append target is the read target itself, written once per trial: writing 100,000 events per iteration would
 * take longer than the measurement, and 1,100 more events change such a history by 1%.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SessionBenchmarks {

    /** Calls per warm-up iteration of an append benchmark. */
    static final int APPEND_WARMUP_CALLS = 1000;

    /** Calls per measured iteration of an append benchmark. */
    static final int APPEND_MEASURED_CALLS = 100;

    /**
     * Appends per benchmark call in the heap (the memory store and the in-memory peers): a batch of 100 calls of a
     * few microseconds would be over before the JIT compiled it and within one scheduler tick of noise, so there
     * each call appends 100 times (10,000 appends per measured iteration, the history growing by as much).
     */
    static final int IN_HEAP_REPEAT = 100;

    /** Turns a compaction keeps for {@link #context()}: twenty events, the size of {@link #recent20()}'s window. */
    static final int CONTEXT_TURNS = 10;

    /** Which backend. */
    @Param({ "MEMORY", "H2", "SQLITE", "POSTGRESQL", "MARIADB", "REDIS" })
    public String backend;

    /** How many events the session holds before the measured operation. */
    @Param({ "10", "1000", "100000" })
    public int history;

    private BenchStore store;

    private SessionManager sessions;

    private String app;

    private SessionRef readTarget;

    private SessionRef appendTarget;

    private SessionRef compactedTarget;

    private int repeat;

    private final FlowState flow = new FlowState("bench", "step", JsonMapper.builder().build().createObjectNode());

    private final ReplyScope scope = ReplyScope.of("bench", "claim");

    private final List<NewEvent> batchOfTen = new ArrayList<>();

    /**
     * Opens the store and fills it: a session with {@code history} events to read, and 60 sessions to list.
     * @throws Exception if the backend cannot be opened
     */
    @Setup(Level.Trial)
    public void open() throws Exception {
        Clock clock = Clock.systemUTC();
        this.store = Backend.valueOf(this.backend).open(clock);
        this.repeat = repeat(this.backend);
        this.sessions = new DefaultSessionManager(this.store.sessions(), this.store.waits(),
                new TimeOrderedSessionIdGenerator(clock), clock, new SessionCodec(), SessionSettings.defaults(),
                SessionLifecycleListener.NONE, SessionObservations.NOOP,
                CompactionSettings.of((events, previous) -> "a summary of " + events.size() + " events"));
        this.app = "bench-" + UUID.randomUUID();
        this.readTarget = sessionWithHistory(this.history);
        this.compactedTarget = sessionWithHistory(this.history);
        // The history alternates user and assistant messages: ten turns kept are the last twenty events.
        this.sessions.compact(this.compactedTarget, CompactionPolicy.lastTurns(CONTEXT_TURNS));
        for (int i = 0; i < 60; i++) {
            this.sessions.create(NewSession.forUser(this.app, "lister"));
        }
        for (int i = 0; i < 10; i++) {
            this.batchOfTen.add(NewEvent.message("user", "batch message " + i));
        }
    }

    /**
     * A fresh session with {@code history} events for the next iteration of an append benchmark.
     */
    @Setup(Level.Iteration)
    public void freshAppendTarget() {
        this.appendTarget = reusesReadTarget(this.history) ? this.readTarget : sessionWithHistory(this.history);
    }

    /**
     * How many appends one call of {@link #appendOne()} makes on a backend or peer: {@link #IN_HEAP_REPEAT} in the
     * heap, else 1.
     */
    static int repeat(String subject) {
        return (subject.equals(Backend.MEMORY.name()) || subject.equals(Peer.ADK_MEMORY.name())
                || subject.equals(Peer.SPRING_AI_SESSION_MEMORY.name())) ? IN_HEAP_REPEAT : 1;
    }

    /**
     * Whether the append benchmarks at a history length append to the read target instead of a fresh session.
     */
    static boolean reusesReadTarget(int history) {
        return history >= 100_000;
    }

    /**
     * Removes what the benchmark wrote and closes the store.
     * @throws Exception if closing fails
     */
    @TearDown(Level.Trial)
    public void close() throws Exception {
        this.sessions.deleteAll(SessionRef.DEFAULT_TENANT, this.app);
        this.store.resources().close();
    }

    private SessionRef sessionWithHistory(int events) {
        return conversation(this.sessions, this.app, events);
    }

    /**
     * A new session of a new user of the app holding {@code history} alternating user and assistant messages,
     * appended a hundred at a time.
     */
    static SessionRef conversation(SessionManager sessions, String app, int history) {
        SessionRef ref = sessions.create(NewSession.forUser(app, "user-" + UUID.randomUUID())).ref();
        List<NewEvent> chunk = new ArrayList<>();
        for (int i = 0; i < history; i++) {
            chunk.add(NewEvent.message((i % 2 == 0) ? "user" : "assistant", "history message number " + i));
            if (chunk.size() == 100 || i == history - 1) {
                sessions.append(ref, chunk, null);
                chunk.clear();
            }
        }
        return ref;
    }

    /**
     * Creates a session.
     * @return the session
     */
    @Benchmark
    public AgentSession create() {
        return this.sessions.create(NewSession.forUser(this.app, "creator"));
    }

    /**
     * Appends one event.
     * @return the session after the append
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(batchSize = APPEND_WARMUP_CALLS)
    @Measurement(batchSize = APPEND_MEASURED_CALLS)
    public AgentSession appendOne() {
        AgentSession appended = null;
        for (int i = 0; i < this.repeat; i++) {
            appended = this.sessions.append(this.appendTarget, NewEvent.message("user", "hello, how are you today?"));
        }
        return appended;
    }

    /**
     * Appends a batch of ten events.
     * @return the session after the append
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(batchSize = APPEND_WARMUP_CALLS)
    @Measurement(batchSize = APPEND_MEASURED_CALLS)
    public AgentSession appendBatchOfTen() {
        return this.sessions.append(this.appendTarget, this.batchOfTen, null);
    }

    /**
     * Reads the session with its 20 most recent events.
     * @return the session
     */
    @Benchmark
    public AgentSession recent20() {
        return this.sessions.get(this.readTarget, EventWindow.recent(20));
    }

    /**
     * Reads the context of a compacted session: its summary and the twenty events after the range it stands for,
     * whatever the history before (SPEC 10: the cost of what it returns, as {@link #recent20()}).
     * @return the session
     */
    @Benchmark
    public AgentSession context() {
        return this.sessions.get(this.compactedTarget, EventWindow.context());
    }

    /**
     * Lists one page of 50 sessions.
     * @return the page size
     */
    @Benchmark
    public int listPage50() {
        return this.sessions.list(SessionQuery.forApp(this.app).withLimit(50)).sessions().size();
    }

    /**
     * Changes one state key without an event.
     * @return the session after the change
     */
    @Benchmark
    public AgentSession updateState() {
        return this.sessions.updateState(this.readTarget, Map.of("counter", System.nanoTime()), null);
    }

    /**
     * Registers a wait and claims it, as a paused flow and its resume do.
     * @return whether the claim got the wait
     */
    @Benchmark
    public boolean resumeClaim() {
        this.sessions.registerWait(this.readTarget, this.scope, this.flow);
        return this.sessions.resume(WaitKey.of(this.readTarget, this.scope)).isPresent();
    }
}
