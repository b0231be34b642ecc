package dev.agentsession.conformance;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.agentsession.DefaultSessionManager;
import dev.agentsession.EventWindow;
import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionLease;
import dev.agentsession.SessionLeasedException;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionSettings;
import dev.agentsession.TimeOrderedSessionIdGenerator;
import dev.agentsession.store.LeaseStore;
import dev.agentsession.store.SessionCodec;
import dev.agentsession.store.SessionStore;
import dev.agentsession.store.WaitStore;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Run leases between two application nodes in separate processes on one shared backend (SPEC section 11): this JVM,
 * and a worker JVM started from the test class path that runs {@link LeaseWorker} over its own store. Both use the
 * system clock. A worker paused ({@code SIGSTOP}) past its lease's expiry writes nothing once resumed after a
 * successor took the lease; of acquirers racing in both processes exactly one wins; the lease of a worker killed
 * while holding it expires on its own. A backend runs it by subclassing, returning its store and the worker's main
 * class and arguments.
 */
public abstract class LeaseProcessConformanceTests<S extends SessionStore & WaitStore & LeaseStore> {

    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

    private final List<Worker> workers = new ArrayList<>();

    private S store;

    private SessionManager sessions;

    private SessionRef ref;

    /**
     * This node's store over the shared backend.
     * @return the store
     * @throws Exception if the store cannot be set up
     */
    protected abstract S createStore() throws Exception;

    /**
     * Releases what {@link #createStore()} set up; nothing by default.
     * @param store the store
     * @throws Exception if it cannot be released
     */
    protected void destroyStore(S store) throws Exception {
    }

    /**
     * The class whose {@code main} builds the worker's store over the same backend from
     * {@link #workerArguments()} and calls {@link LeaseWorker#run(SessionManager, SessionRef)} with the session that
     * {@link LeaseWorker#ref(String[], int)} reads from the four arguments after them.
     * @return the class, on the test class path
     */
    protected abstract Class<?> workerMainClass();

    /**
     * The arguments that tell the worker where the backend is.
     * @return the arguments
     */
    protected abstract List<String> workerArguments();

    @BeforeEach
    void setUpStore() throws Exception {
        this.store = createStore();
        Clock clock = Clock.systemUTC();
        this.sessions = new DefaultSessionManager(this.store, this.store, new TimeOrderedSessionIdGenerator(clock),
                clock, new SessionCodec(), SessionSettings.defaults());
        this.ref = this.sessions.create(NewSession.forUser("app-" + UUID.randomUUID(), "alice")).ref();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Worker worker : this.workers) {
            worker.process.destroyForcibly().waitFor();
        }
        destroyStore(this.store);
    }

    @Test
    void writeWhenWorkerPausedPastItsLeaseThenFailsAfterTheSuccessorWrote() throws Exception {
        Worker worker = startWorker();
        assertThat(worker.ask("ACQUIRE 5000")).startsWith("ACQUIRED 1 ");
        assertThat(worker.ask("APPEND before the pause")).isEqualTo("APPENDED");
        worker.signal("STOP");
        SessionLease successor;
        try {
            successor = this.sessions.acquireLease(this.ref, "successor", Duration.ofSeconds(30),
                    Duration.ofSeconds(30));
            assertThat(successor.token()).isEqualTo(2);
            this.sessions.withLease(successor).append(this.ref, NewEvent.message("successor", "successor wrote"));
        }
        finally {
            worker.signal("CONT");
        }
        assertThat(worker.ask("APPEND after the pause")).isEqualTo("LEASED");
        assertThat(this.sessions.releaseLease(successor)).isTrue();
        assertThat(worker.ask("APPEND after the successor released")).isEqualTo("LEASED");
        assertThat(this.sessions.get(this.ref, EventWindow.all()).events()).extracting(SessionEvent::content)
            .containsExactly("before the pause", "successor wrote");
    }

    @Test
    void acquireLeaseWhenRacingInTwoProcessesThenExactlyOneWins() throws Exception {
        Worker worker = startWorker();
        int threads = 4;
        worker.send("RACE " + threads + " 30000");
        int won = LeaseWorker.race(this.sessions, this.ref, threads, Duration.ofSeconds(30));
        String workerWon = worker.answer();
        assertThat(workerWon).startsWith("WON ");
        assertThat(won + Integer.parseInt(workerWon.substring(4))).isEqualTo(1);
    }

    @Test
    void acquireLeaseWhenHolderKilledThenItsLeaseExpiresOnItsOwn() throws Exception {
        Worker worker = startWorker();
        String acquired = worker.ask("ACQUIRE 4000");
        assertThat(acquired).startsWith("ACQUIRED 1 ");
        Instant workerLeaseExpiry = Instant.parse(acquired.substring("ACQUIRED 1 ".length()));
        worker.process.destroyForcibly().waitFor();
        if (Instant.now().isBefore(workerLeaseExpiry.minusMillis(500))) {
            assertThatExceptionOfType(SessionLeasedException.class)
                .isThrownBy(() -> this.sessions.acquireLease(this.ref, "parent", Duration.ofSeconds(30)));
        }
        SessionLease next = this.sessions.acquireLease(this.ref, "parent", Duration.ofSeconds(30),
                Duration.ofSeconds(30));
        assertThat(next.token()).isEqualTo(2);
        assertThat(Instant.now()).as("taken once the killed worker's lease expired")
            .isAfterOrEqualTo(workerLeaseExpiry);
        this.sessions.withLease(next).append(this.ref, NewEvent.message("parent", "took over"));
    }

    private Worker startWorker() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                workerMainClass().getName()));
        command.addAll(workerArguments());
        command.addAll(List.of(this.ref.tenant(), this.ref.app(), this.ref.userId(), this.ref.sessionId()));
        File log = new File("target/lease-worker.log");
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log)).start();
        Worker worker = new Worker(process);
        this.workers.add(worker);
        assertThat(worker.answer()).isEqualTo("READY");
        return worker;
    }

    /**
     * A worker process: its answers are read by a thread of their own, so that waiting for one can time out.
     */
    private static final class Worker {

        private final Process process;

        private final Writer in;

        private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

        Worker(Process process) {
            this.process = process;
            this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread reader = new Thread(this::readAnswers, "lease-worker-answers");
            reader.setDaemon(true);
            reader.start();
        }

        private void readAnswers() {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith(LeaseWorker.PREFIX)) {
                        this.answers.add(line.substring(LeaseWorker.PREFIX.length()));
                    }
                }
            }
            catch (IOException ex) {
                // The worker is gone; a test waiting for an answer times out.
            }
        }

        void send(String command) throws IOException {
            this.in.write(command + "\n");
            this.in.flush();
        }

        String answer() throws InterruptedException {
            @Nullable String answer = this.answers.poll(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(answer).as("an answer of the worker within " + ANSWER_TIMEOUT).isNotNull();
            return answer;
        }

        String ask(String command) throws IOException, InterruptedException {
            send(command);
            return answer();
        }

        /** Sends a signal, {@code STOP} to pause the worker's JVM as a long GC pause would, {@code CONT} to resume. */
        void signal(String signal) throws IOException, InterruptedException {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(this.process.pid())).start();
            assertThat(kill.waitFor()).as("kill -" + signal).isZero();
        }
    }
}
