package dev.agentsession.sample.readme;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.agentsession.AgentSession;
import dev.agentsession.DefaultSessionManager;
import dev.agentsession.EventType;
import dev.agentsession.EventWindow;
import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionLease;
import dev.agentsession.SessionLeasedException;
import dev.agentsession.SessionLifecycleListener;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import dev.agentsession.SessionSettings;
import dev.agentsession.TimeOrderedSessionIdGenerator;
import dev.agentsession.auth.AuthContext;
import dev.agentsession.auth.AuthGrant;
import dev.agentsession.auth.AuthSessionKey;
import dev.agentsession.auth.AuthSessionManager;
import dev.agentsession.auth.AuthStatus;
import dev.agentsession.conversation.ConversationRefResolver;
import dev.agentsession.flow.FlowState;
import dev.agentsession.flow.ReplyScope;
import dev.agentsession.flow.SessionWait;
import dev.agentsession.flow.WaitKey;
import dev.agentsession.history.Compaction;
import dev.agentsession.history.CompactionPolicy;
import dev.agentsession.history.CompactionSettings;
import dev.agentsession.history.Summarizer;
import dev.agentsession.observation.SessionObservations;
import dev.agentsession.sample.ai.WeatherTool;
import dev.agentsession.store.SessionCodec;
import dev.agentsession.store.SessionStore;
import dev.agentsession.store.WaitStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.MessageChatMemoryAdvisor;
import org.springframework.ai.chat.client.advisor.ToolCallingAdvisor;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The README's Java snippets are this class's code: each {@code <!-- test:snippet name -->} block must appear word
 * for word (once indented as the README shows it) between {@code // snippet:name} and {@code // end-snippet} below,
 * where it runs against the sample's {@link SessionManager}, {@link AuthSessionManager} and Spring AI beans.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ReadmeSnippetsTests {

    private static final Pattern SNIPPET = Pattern
        .compile("(?ms)^[ \\t]*// snippet:([\\w-]+)\\n(.*?)^[ \\t]*// end-snippet\\n");

    private final JsonMapper json = JsonMapper.builder().build();

    private final List<FlowState> continued = new ArrayList<>();

    private int bookings;

    @Autowired
    private SessionManager sessions;

    @Autowired
    private SessionStore store;

    @Autowired
    private WaitStore waits;

    @Autowired
    private AuthSessionManager auth;

    @Autowired
    private ChatModel chatModel;

    @Autowired
    private ChatMemory chatMemory;

    @Autowired
    private WeatherTool weatherTool;

    @Autowired
    private ConversationRefResolver resolver;

    @ParameterizedTest
    @ValueSource(strings = { "quick-start", "waits", "auth", "spring-ai", "rewind-fork", "leases", "history" })
    void snippetWhenShownInTheReadmeThenItIsThisClassesCode(String name) {
        List<MarkdownFile.Fence> shown = MarkdownFile.readme().blocksAfter("snippet " + name);

        assertThat(shown).hasSize(1);
        assertThat(shown.get(0).language()).isEqualTo("java");
        assertThat(ownSnippets()).containsEntry(name, shown.get(0).content());
    }

    @Test
    void quickStartWhenRunThenTheNameIsInUserState() {
        SessionManager sessions = this.sessions;

        // snippet:quick-start
        SessionRef ref = sessions.create(NewSession.forUser("support-bot", "ada")).ref();
        sessions.append(ref, NewEvent.message("user", "Hi, my name is Ada").withStateDelta(Map.of("user:name", "Ada")));
        sessions.append(ref, NewEvent.message("assistant", "Nice to meet you, Ada"));
        AgentSession session = sessions.get(ref, EventWindow.recent(20));   // the last 20 events and the merged state
        Object name = session.state().get("user:name");                     // "Ada", in every session of ada
        // end-snippet

        assertThat(name).isEqualTo("Ada");
        assertThat(session.events()).hasSize(2);
        AgentSession other = this.sessions.create(NewSession.forUser("support-bot", "ada"));
        assertThat(other.state()).containsEntry("user:name", "Ada");
    }

    @Test
    void rewindForkWhenRunThenTheBranchKeepsProAndTheSessionIsBackToBasic() {
        SessionManager sessions = this.sessions;

        // snippet:rewind-fork
        SessionRef ref = sessions.create(NewSession.forUser("support-bot", "ada").withState(Map.of("plan", "basic"))).ref();
        sessions.append(ref, NewEvent.message("user", "Upgrade me").withStateDelta(Map.of("plan", "pro")));
        sessions.append(ref, NewEvent.message("assistant", "Done, you are on pro"));
        AgentSession branch = sessions.fork(ref, 1);        // a new session: event 1 and "plan" = "pro"
        AgentSession rewound = sessions.rewind(ref, 0);     // back to creation: no event counts, "plan" = "basic"
        sessions.append(ref, NewEvent.message("user", "Keep basic, thanks"));   // event 4, after the REWIND marker (3)
        // end-snippet

        assertThat(branch.state()).containsEntry("plan", "pro");
        assertThat(branch.eventCount()).isEqualTo(1);
        assertThat(rewound.state()).containsEntry("plan", "basic");
        assertThat(rewound.events()).singleElement().extracting(SessionEvent::seq).isEqualTo(3L);
        assertThat(this.sessions.get(ref, EventWindow.all()).events()).extracting(SessionEvent::content)
            .containsExactly("Keep basic, thanks");
        assertThat(this.sessions.events(ref, 1, 10)).hasSize(4);
    }

    @Test
    void waitsWhenReplyArrivesThenTheFlowContinuesOnce() {
        SessionManager sessions = this.sessions;
        String userId = "user-" + UUID.randomUUID();
        SessionRef ref = this.sessions.create(NewSession.forUser("support-bot", userId)).ref();
        JsonNode snapshotJson = this.json.createObjectNode().put("step", 3);
        JsonNode payloadJson = this.json.createObjectNode().put("ticket", "T-1");

        // snippet:waits
        // The flow needs the user: save where it stands and wait for the reply in that Slack thread.
        ReplyScope scope = ReplyScope.of("slack", "C024BE91L", "1700000000.000100");
        sessions.registerWait(ref, scope, new FlowState("refund-approval", "await-approval", snapshotJson),
                Duration.ofHours(4), payloadJson);

        // Later, on whichever node receives the reply:
        Optional<SessionWait> claimed = sessions.resume(WaitKey.of("support-bot", userId, scope));
        claimed.ifPresent((wait) -> continueFlow(wait.flow()));   // from flow.cursor(), with flow.snapshot()
        // end-snippet

        assertThat(this.continued).containsExactly(new FlowState("refund-approval", "await-approval", snapshotJson));
        assertThat(claimed.get().payload()).isEqualTo(payloadJson);
        assertThat(this.sessions.resume(WaitKey.of("support-bot", userId, scope))).isEmpty();
    }

    @Test
    void authWhenLoginCompletesThenTheThreadsCredentialsCanBeListedAndInvalidated() {
        String threadId = "thread-" + UUID.randomUUID();
        String token = "xoxb-1";
        String refresh = "xoxe-1";
        Instant expiresAt = Instant.now().plus(Duration.ofHours(1));
        String resolveUid = UUID.randomUUID().toString();
        AuthContext context = AuthContext.bearer("xoxb-2", expiresAt);
        AuthSessionManager auth = this.auth;

        // snippet:auth
        AuthSessionKey key = new AuthSessionKey("default", threadId, "group-b", "slack");   // profile = persona
        AuthContext credential = new AuthContext(token, refresh, "Bearer", expiresAt, Map.of());
        auth.put(AuthGrant.active(key, credential, Set.of("chat:write")));
        auth.find(key, Set.of("chat:write"));               // ACTIVE, unexpired, granting every required scope
        auth.put(AuthGrant.pending(key, Set.of("chat:write"), resolveUid));   // a login in progress
        auth.completeLogin("default", resolveUid, context); // the OAuth callback: PENDING -> ACTIVE
        auth.listForThread("default", threadId, null);
        auth.invalidate(key);
        auth.invalidateThread("default", threadId);
        // end-snippet

        assertThat(this.auth.find(key, Set.of())).isEmpty();
        this.auth.put(AuthGrant.pending(key, Set.of("chat:write"), resolveUid));
        assertThat(this.auth.completeLogin("default", resolveUid, context))
            .hasValueSatisfying((active) -> assertThat(active.status()).isEqualTo(AuthStatus.ACTIVE));
        assertThat(this.auth.listForThread("default", threadId, null)).hasSize(1);
        assertThat(this.auth.invalidateThread("default", threadId)).isOne();
    }

    @Test
    void springAiWhenTheModelCallsAToolThenTheAnswerAndTheToolExchangeAreStored() {
        ChatModel chatModel = this.chatModel;
        ChatMemory chatMemory = this.chatMemory;
        WeatherTool weatherTool = this.weatherTool;
        String conversationId = "conversation-" + UUID.randomUUID();

        // snippet:spring-ai
        ChatClient chat = ChatClient.builder(chatModel)
            .defaultAdvisors(MessageChatMemoryAdvisor.builder(chatMemory)   // the ChatMemory bean, on Agent Session
                .order(ToolCallingAdvisor.DEFAULT_ORDER + 1)                // in the tool loop: tool calls stored too
                .build())
            .defaultTools(weatherTool)
            .build();
        String answer = chat.prompt()
            .user("What is the weather in Paris?")
            .advisors((advisors) -> advisors.param(ChatMemory.CONVERSATION_ID, conversationId))
            .call()
            .content();
        // end-snippet

        WeatherTool.Weather paris = weatherTool.weather("Paris");
        assertThat(answer).isEqualTo("It is " + paris.sky() + " and " + paris.celsius() + " degrees in Paris.");
        assertThat(this.sessions.get(this.resolver.resolve(conversationId), EventWindow.all()).events())
            .extracting(SessionEvent::type)
            .containsExactly(EventType.MESSAGE, EventType.MESSAGE, EventType.TOOL_CALL, EventType.TOOL_RESULT,
                    EventType.MESSAGE);
    }

    @Test
    void leasesWhenTheRunIsDeliveredTwiceThenTheToolRunsOnceAndOnlyTheLeaseWrites() {
        SessionManager sessions = this.sessions;
        SessionRef ref = this.sessions.create(NewSession.forUser("support-bot", "user-" + UUID.randomUUID())).ref();

        for (int delivery = 1; delivery <= 2; delivery++) {
            // snippet:leases
            // A queue delivered "run the agent on this session", perhaps twice: one run at a time.
            SessionLease lease = sessions.acquireLease(ref, "worker-7", Duration.ofSeconds(30), Duration.ofSeconds(5));
            SessionManager run = sessions.withLease(lease);   // its writes carry the lease's fencing token
            try {
                // The tool call's id names its result: a redelivered run finds it instead of booking twice.
                if (run.findEvent(ref, "call-42:result").isEmpty()) {
                    run.append(ref, NewEvent.toolResult("tool", bookTable()).withId("call-42:result"));
                }
                lease = sessions.renewLease(lease, Duration.ofSeconds(30));   // a long run renews in time
                run.append(ref, NewEvent.message("assistant", "Your table is booked"));
            }
            finally {
                sessions.releaseLease(lease);
            }
            // end-snippet
        }

        assertThat(this.bookings).isOne();
        assertThat(this.sessions.get(ref, EventWindow.all()).events()).extracting(SessionEvent::type)
            .containsExactly(EventType.TOOL_RESULT, EventType.MESSAGE, EventType.MESSAGE);
        SessionLease held = this.sessions.acquireLease(ref, "worker-8", Duration.ofSeconds(30));
        assertThat(held.token()).isEqualTo(3);
        assertThatExceptionOfType(SessionLeasedException.class)
            .isThrownBy(() -> this.sessions.append(ref, NewEvent.message("assistant", "a second run")));
        this.sessions.releaseLease(held);
    }

    private JsonNode bookTable() {
        this.bookings++;
        return this.json.createObjectNode().put("booked", true);
    }

    @Test
    void historyWhenCompactedThenContextIsTheSummaryAndTheLastTurns() {
        // The sample declares no Summarizer: a manager on the same store with one, as the starter builds it.
        Summarizer summarizer = (events, previousSummary) -> "Ada asked " + events.size() / 2 + " questions";
        SessionManager sessions = new DefaultSessionManager(this.store, this.waits,
                new TimeOrderedSessionIdGenerator(Clock.systemUTC()), Clock.systemUTC(), new SessionCodec(),
                SessionSettings.defaults(), SessionLifecycleListener.NONE, SessionObservations.NOOP,
                CompactionSettings.of(summarizer));
        SessionRef ref = sessions.create(NewSession.forUser("support-bot", "ada")).ref();
        for (int turn = 0; turn < 5; turn++) {
            sessions.append(ref, NewEvent.message("user", "question " + turn), NewEvent.message("assistant", "answer"));
        }

        // snippet:history
        Optional<Compaction> compacted = sessions.compact(ref, CompactionPolicy.lastTurns(2)); // summarizes older turns
        AgentSession context = sessions.get(ref, EventWindow.context());   // the summary, then the last 2 turns
        String summary = Compaction.of(context.events().get(0)).summary();
        // end-snippet

        assertThat(compacted).isPresent();
        assertThat(summary).isEqualTo("Ada asked 3 questions");
        assertThat(context.events()).extracting(SessionEvent::content)
            .containsExactly(summary, "question 3", "answer", "question 4", "answer");
    }

    private void continueFlow(FlowState flow) {
        this.continued.add(flow);
    }

    private static Map<String, String> ownSnippets() {
        Path source = MarkdownFile.repository()
            .resolve("sample-app/src/test/java/" + ReadmeSnippetsTests.class.getName().replace('.', '/') + ".java");
        Map<String, String> snippets = new LinkedHashMap<>();
        Matcher snippet = SNIPPET.matcher(MarkdownFile.read(source).text());
        while (snippet.find()) {
            snippets.put(snippet.group(1), unindented(snippet.group(2)));
        }
        return snippets;
    }

    private static String unindented(String code) {
        int indent = code.lines()
            .filter((line) -> !line.isBlank())
            .mapToInt((line) -> line.length() - line.stripLeading().length())
            .min()
            .orElse(0);
        StringBuilder text = new StringBuilder();
        code.lines().forEach((line) -> text.append(line.isBlank() ? "" : line.substring(indent)).append('\n'));
        return text.toString();
    }
}
