package dev.agentsession.adk;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.google.adk.events.Event;
import com.google.adk.events.EventActions;
import com.google.adk.events.EventCompaction;
import com.google.adk.sessions.State;
import com.google.genai.types.Content;
import com.google.genai.types.FunctionCall;
import com.google.genai.types.FunctionResponse;
import com.google.genai.types.Part;
import dev.agentsession.EventType;
import dev.agentsession.NewEvent;
import dev.agentsession.SessionDataCorruptedException;
import dev.agentsession.SessionEvent;
import dev.agentsession.SessionRef;
import dev.agentsession.history.Compaction;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How ADK events become session events, and that they read back equal.
 */
class AdkEventsTests {

    private static final SessionRef REF = SessionRef.of("weather", "ada", "s1");

    private static final long TIME = 1_767_225_600_123L;

    private static SessionEvent stored(NewEvent event) {
        return new SessionEvent(1, (event.id() != null) ? event.id() : "generated", event.type(), event.author(),
                event.content(), event.data(), event.stateDelta(), event.metadata(),
                (event.timestamp() != null) ? event.timestamp() : Instant.now());
    }

    private static Event.Builder event(String author) {
        return Event.builder().id(Event.generateEventId()).invocationId("inv-1").author(author).timestamp(TIME);
    }

    private static EventActions delta(Map<String, Object> delta) {
        return EventActions.builder().stateDelta(new ConcurrentHashMap<>(delta)).build();
    }

    @Test
    void toNewEventWhenTheUserWritesThenAMessageWithItsTextIdAndTimeThatReadsBackEqual() {
        Event event = event("user").content(Content.fromParts(Part.fromText("Weather in Paris?"))).build();
        NewEvent stored = AdkEvents.toNewEvent(event);
        assertThat(stored.type()).isEqualTo(EventType.MESSAGE);
        assertThat(stored.id()).isEqualTo(event.id());
        assertThat(stored.author()).isEqualTo("user");
        assertThat(stored.content()).isEqualTo("Weather in Paris?");
        assertThat(stored.timestamp()).isEqualTo(Instant.ofEpochMilli(TIME));
        assertThat(AdkEvents.toEvent(REF, stored(stored))).isEqualTo(event);
    }

    @Test
    void toNewEventWhenTheModelCallsAFunctionThenAToolCallThatReadsBackEqual() {
        Part call = Part.builder()
            .functionCall(FunctionCall.builder().id("call-1").name("weather").args(Map.of("city", "Paris")).build())
            .build();
        Event event = event("assistant").content(Content.builder().role("model").parts(call).build()).build();
        NewEvent stored = AdkEvents.toNewEvent(event);
        assertThat(stored.type()).isEqualTo(EventType.TOOL_CALL);
        assertThat(stored.data().toString()).contains("call-1").contains("Paris");
        assertThat(AdkEvents.toEvent(REF, stored(stored))).isEqualTo(event);
    }

    @Test
    void toNewEventWhenAFunctionRespondsThenAToolResultThatReadsBackEqual() {
        Part response = Part.builder()
            .functionResponse(FunctionResponse.builder()
                .id("call-1")
                .name("weather")
                .response(Map.of("forecast", "sunny", "celsius", 21, "hourly", java.util.List.of(19, 21.5))))
            .build();
        Event event = event("assistant").content(Content.builder().role("user").parts(response).build()).build();
        NewEvent stored = AdkEvents.toNewEvent(event);
        assertThat(stored.type()).isEqualTo(EventType.TOOL_RESULT);
        assertThat(AdkEvents.toEvent(REF, stored(stored))).isEqualTo(event);
    }

    @Test
    void toNewEventWhenTheEventChangesStateThenTheDeltaIsTheStoredDeltaWithoutTempKeys() {
        Event event = event("assistant").content(Content.fromParts(Part.fromText("Noted.")))
            .actions(delta(Map.of("count", 2, "app:theme", "dark", "user:city", "Paris", "temp:scratch", "x",
                    "gone", State.REMOVED)))
            .build();
        NewEvent stored = AdkEvents.toNewEvent(event);
        assertThat(stored.stateDelta()).containsOnlyKeys("count", "app:theme", "user:city", "gone")
            .containsEntry("gone", null)
            .containsEntry("user:city", "Paris");
        assertThat(stored.data().toString()).doesNotContain("scratch").doesNotContain("stateDelta");
        Event read = AdkEvents.toEvent(REF, stored(stored));
        assertThat(read.actions().stateDelta()).containsOnlyKeys("count", "app:theme", "user:city", "gone")
            .containsEntry("gone", State.REMOVED);
        event.actions().stateDelta().remove("temp:scratch");
        assertThat(read).isEqualTo(event);
    }

    @Test
    void toNewEventWhenOnlyStateChangesThenAStateEvent() {
        Event event = event("assistant").actions(delta(Map.of("step", "done"))).build();
        assertThat(AdkEvents.toNewEvent(event).type()).isEqualTo(EventType.STATE);
        assertThat(AdkEvents.toNewEvent(event("assistant").build()).type()).isEqualTo(EventType.CUSTOM);
    }

    @Test
    void toEventWhenAnotherWriterStoredTheEventThenItsTextAuthorTimeAndDelta() {
        SessionEvent foreign = stored(NewEvent.message("support-agent", "A human will call you.")
            .withStateDelta(Map.of("handoff", true))
            .withTimestamp(Instant.ofEpochMilli(TIME)));
        Event event = AdkEvents.toEvent(REF, foreign);
        assertThat(event.author()).isEqualTo("support-agent");
        assertThat(event.content().orElseThrow().role()).contains("model");
        assertThat(event.stringifyContent()).isEqualTo("A human will call you.");
        assertThat(event.timestamp()).isEqualTo(TIME);
        assertThat(event.actions().stateDelta()).containsEntry("handoff", true);
        assertThat(AdkEvents.toEvent(REF, stored(NewEvent.message("user", "hi"))).content().orElseThrow().role())
            .contains("user");
    }

    @Test
    void toEventWhenTheStoredJsonIsNotAnEventThenSessionDataCorruptedNamingTheSession() {
        NewEvent stored = AdkEvents.toNewEvent(event("user").build())
            .withData(JsonMapper.shared().readTree("[1, 2]"));
        assertThatExceptionOfType(SessionDataCorruptedException.class)
            .isThrownBy(() -> AdkEvents.toEvent(REF, stored(stored)))
            .withMessageContaining("s1");
    }

    private static SessionEvent message(long seq, String author, long millis) {
        return new SessionEvent(seq, "e" + seq, EventType.MESSAGE, author, "text " + seq, null, Map.of(), Map.of(),
                Instant.ofEpochMilli(millis));
    }

    private static SessionEvent compaction(long seq, long toSeq, long millis) {
        return new SessionEvent(seq, "c" + seq, EventType.COMPACTION, "agent-session", "the summary",
                Compaction.data(1, toSeq, 0, "the summary"), Map.of(), Map.of(), Instant.ofEpochMilli(millis));
    }

    private static EventCompaction compactionOf(Event event) {
        return event.actions().compaction().orElseThrow();
    }

    @Test
    void toEventsWhenACompactionIsReadWithTheEventsItStandsForThenItsRangeEndsAtTheLastOfThem() {
        List<Event> events = AdkEvents.toEvents(REF, List.of(message(1, "user", TIME), message(2, "model", TIME + 5),
                message(3, "user", TIME + 9), compaction(4, 2, TIME + 12)));
        EventCompaction range = compactionOf(events.get(3));
        assertThat(range.startTimestamp()).isZero();
        assertThat(range.endTimestamp()).isEqualTo(TIME + 5);
        assertThat(range.compactedContent().role()).hasValue("model");
        assertThat(range.compactedContent().text()).isEqualTo("the summary");
        assertThat(events.get(3).timestamp()).isEqualTo(TIME + 12);
    }

    @Test
    void toEventsWhenAKeptEventSharesTheMillisecondOfTheLastSummarizedOneThenTheRangeEndsBeforeIt() {
        // ADK leaves out every event whose time is within the range: the kept event must stay out of it.
        List<Event> events = AdkEvents.toEvents(REF,
                List.of(message(1, "user", TIME), message(2, "model", TIME + 5), message(3, "user", TIME + 5),
                        compaction(4, 2, TIME + 7)));
        assertThat(compactionOf(events.get(3)).endTimestamp()).isEqualTo(TIME + 4);
    }

    @Test
    void toEventsWhenOnlyTheContextIsReadThenTheRangeEndsBeforeTheFirstKeptEvent() {
        List<Event> events = AdkEvents.toEvents(REF,
                List.of(compaction(6, 4, TIME + 20), message(5, "user", TIME + 10), message(7, "model", TIME + 30)));
        assertThat(compactionOf(events.get(0)).endTimestamp()).isEqualTo(TIME + 9);
        assertThat(events.get(1).actions().compaction()).isEmpty();
    }

    @Test
    void toEventsWhenTheCompactionIsReadAloneThenTheRangeEndsBeforeIt() {
        List<Event> events = AdkEvents.toEvents(REF, List.of(compaction(6, 4, TIME + 20)));
        assertThat(compactionOf(events.get(0)).endTimestamp()).isEqualTo(TIME + 19);
    }
}
