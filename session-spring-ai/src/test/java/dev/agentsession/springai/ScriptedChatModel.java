package dev.agentsession.springai;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;

/**
 * A chat model that answers each call with the next scripted reply and records every prompt it was sent.
 * Its options support tool calling, so that Spring AI runs the tools its replies call.
 */
final class ScriptedChatModel implements ChatModel {

    private final Deque<AssistantMessage> replies = new ArrayDeque<>();

    private final List<Prompt> prompts = new ArrayList<>();

    private final List<AssistantMessage> answered = new ArrayList<>();

    /**
     * Queues replies.
     * @param replies the next replies, in order
     * @return this model
     */
    ScriptedChatModel then(AssistantMessage... replies) {
        this.replies.addAll(List.of(replies));
        return this;
    }

    @Override
    public ChatResponse call(Prompt prompt) {
        AssistantMessage reply = this.replies.poll();
        if (reply == null) {
            throw new IllegalStateException("The script has no reply left for call " + (this.prompts.size() + 1));
        }
        this.prompts.add(prompt);
        this.answered.add(reply);
        return new ChatResponse(List.of(new Generation(reply)));
    }

    @Override
    public ChatOptions getOptions() {
        return ToolCallingChatOptions.builder().build();
    }

    /**
     * The prompts the model was sent, in order.
     * @return the prompts
     */
    List<Prompt> prompts() {
        return this.prompts;
    }

    /**
     * The replies the model gave, in order.
     * @return the replies
     */
    List<AssistantMessage> answered() {
        return this.answered;
    }

    /**
     * Whether every scripted reply was used.
     * @return {@code true} if none is left
     */
    boolean scriptDone() {
        return this.replies.isEmpty();
    }
}
