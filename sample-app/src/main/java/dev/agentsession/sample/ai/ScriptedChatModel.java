package dev.agentsession.sample.ai;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A deterministic stand-in for a language model, so that the sample runs without an API key or a network. It
 * answers by a few rules from the prompt, which holds the conversation's history as the memory advisor read it
 * from Agent Session:
 * <ul>
 * <li>"... weather in City" calls the {@link WeatherTool}; the tool's result is then put in a sentence;</li>
 * <li>"my name is Name" is greeted;</li>
 * <li>"what is my name?" is answered from an earlier message of the prompt, that is from the stored history;</li>
 * <li>anything else gets a line saying what it can do.</li>
 * </ul>
 */
final class ScriptedChatModel implements ChatModel {

    private static final Pattern WEATHER = Pattern.compile("(?i)\\bweather in (\\p{L}+(?:[ '-]\\p{L}+)*)");

    private static final Pattern NAME = Pattern.compile("(?i)\\bmy name is (\\p{L}[\\p{L}'-]*)");

    private static final Pattern ASKS_NAME = Pattern.compile("(?i)\\bwhat is my name\\b");

    private final JsonMapper json = JsonMapper.shared();

    @Override
    public ChatResponse call(Prompt prompt) {
        return new ChatResponse(List.of(new Generation(reply(prompt.getInstructions()))));
    }

    /**
     * Options that let Spring AI run the tools this model's replies call.
     * @return the options
     */
    @Override
    public ChatOptions getOptions() {
        return ToolCallingChatOptions.builder().build();
    }

    private AssistantMessage reply(List<Message> prompt) {
        Message last = prompt.get(prompt.size() - 1);
        if (last instanceof ToolResponseMessage results) {
            return text(results.getResponses().stream().map(this::describe).collect(Collectors.joining(" ")));
        }
        String said = Objects.requireNonNullElse(last.getText(), "");
        Matcher weather = WEATHER.matcher(said);
        if (weather.find()) {
            String arguments = this.json.createObjectNode().put("city", weather.group(1)).toString();
            // The id only has to be unique within the conversation: the prompt grows with every call.
            AssistantMessage.ToolCall call = new AssistantMessage.ToolCall("call-" + prompt.size(), "function",
                    "weather", arguments);
            return AssistantMessage.builder().content("").toolCalls(List.of(call)).build();
        }
        Matcher name = NAME.matcher(said);
        if (name.find()) {
            return text("Nice to meet you, " + name.group(1) + ".");
        }
        if (ASKS_NAME.matcher(said).find()) {
            return text(rememberedName(prompt.subList(0, prompt.size() - 1))
                .map((known) -> "Your name is " + known + ", as you told me earlier in this conversation.")
                .orElse("You have not told me your name in this conversation."));
        }
        return text("I am the sample's scripted model: tell me your name, or ask me about the weather in a city.");
    }

    private String describe(ToolResponseMessage.ToolResponse response) {
        JsonNode weather = this.json.readTree(response.responseData());
        return "It is " + weather.path("sky").asString() + " and " + weather.path("celsius").asInt()
                + " degrees in " + weather.path("city").asString() + ".";
    }

    private static Optional<String> rememberedName(List<Message> history) {
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i) instanceof UserMessage user) {
                Matcher name = NAME.matcher(Objects.requireNonNullElse(user.getText(), ""));
                if (name.find()) {
                    return Optional.of(name.group(1));
                }
            }
        }
        return Optional.empty();
    }

    private static AssistantMessage text(String text) {
        return new AssistantMessage(text);
    }
}
