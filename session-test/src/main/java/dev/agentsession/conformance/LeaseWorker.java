package dev.agentsession.conformance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import dev.agentsession.EventWindow;
import dev.agentsession.NewEvent;
import dev.agentsession.SessionLease;
import dev.agentsession.SessionLeasedException;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import org.jspecify.annotations.Nullable;

/**
 * The second application node of {@link LeaseProcessConformanceTests}: a loop, run by a backend's {@code main} in a
 * JVM of its own, that reads one command per line on standard input and answers one line on standard output.
 * <ul>
 * <li>{@code ACQUIRE <ttl millis>}: takes the session's lease, answers {@code ACQUIRED <token> <expiry>} or
 * {@code LEASED};</li>
 * <li>{@code APPEND <text>}: appends a message with the lease it took, answers {@code APPENDED} or
 * {@code LEASED};</li>
 * <li>{@code RACE <threads> <ttl millis>}: that many threads try to take the lease at once, answers
 * {@code WON <how many won>};</li>
 * <li>{@code EXIT}.</li>
 * </ul>
 * It answers {@code READY} once its manager has read the session (so that connecting and loading code do not eat
 * into the first lease), and {@code ERROR <exception class>} for anything else; every
 * answer starts with {@value #PREFIX}.
 */
public final class LeaseWorker {

    /** What starts every answer, so that the answers stand out from log lines on standard output. */
    static final String PREFIX = "@@ ";

    private final SessionManager sessions;

    private final SessionRef ref;

    private final PrintStream out;

    private @Nullable SessionLease lease;

    private LeaseWorker(SessionManager sessions, SessionRef ref, PrintStream out) {
        this.sessions = sessions;
        this.ref = ref;
        this.out = out;
    }

    /**
     * Answers the commands of standard input until {@code EXIT} or its end.
     * @param sessions the worker's manager, on its own store over the shared backend, with the system clock
     * @param ref the session both nodes lease
     * @throws IOException if standard input cannot be read
     */
    public static void run(SessionManager sessions, SessionRef ref) throws IOException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        LeaseWorker worker = new LeaseWorker(sessions, ref, out);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        sessions.get(ref, EventWindow.all());
        sessions.findEvent(ref, "warm-up");
        out.println(PREFIX + "READY");
        String line;
        while ((line = in.readLine()) != null && !line.equals("EXIT")) {
            try {
                out.println(PREFIX + worker.answer(line.split(" ", 2)));
            }
            catch (SessionLeasedException ex) {
                out.println(PREFIX + "LEASED");
            }
            catch (Exception ex) {
                out.println(PREFIX + "ERROR " + ex.getClass().getName());
            }
        }
    }

    /**
     * The session a worker leases, from the four arguments after its backend's own.
     * @param args the arguments
     * @param from the index of the tenant
     * @return the session
     */
    public static SessionRef ref(String[] args, int from) {
        return new SessionRef(args[from], args[from + 1], args[from + 2], args[from + 3]);
    }

    private String answer(String[] command) throws InterruptedException {
        return switch (command[0]) {
            case "ACQUIRE" -> {
                this.lease = this.sessions.acquireLease(this.ref, "worker", ttl(command[1]));
                yield "ACQUIRED " + this.lease.token() + " " + this.lease.expiresAt();
            }
            case "APPEND" -> {
                if (this.lease == null) {
                    throw new IllegalStateException("No lease taken");
                }
                this.sessions.withLease(this.lease).append(this.ref, NewEvent.message("worker", command[1]));
                yield "APPENDED";
            }
            case "RACE" -> {
                String[] race = command[1].split(" ");
                yield "WON " + race(this.sessions, this.ref, Integer.parseInt(race[0]), ttl(race[1]));
            }
            default -> throw new IllegalArgumentException("Unknown command");
        };
    }

    /**
     * Lets threads try to take a session's lease at once.
     * @return how many of them took it
     */
    static int race(SessionManager sessions, SessionRef ref, int threads, Duration ttl) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger won = new AtomicInteger();
        List<Thread> racers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread racer = new Thread(() -> {
                try {
                    start.await();
                    sessions.acquireLease(ref, "racer", ttl);
                    won.incrementAndGet();
                }
                catch (SessionLeasedException ex) {
                    // Another racer, here or in the other node, won.
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            });
            racer.start();
            racers.add(racer);
        }
        start.countDown();
        for (Thread racer : racers) {
            racer.join();
        }
        return won.get();
    }

    private static Duration ttl(String millis) {
        return Duration.ofMillis(Long.parseLong(millis));
    }
}
