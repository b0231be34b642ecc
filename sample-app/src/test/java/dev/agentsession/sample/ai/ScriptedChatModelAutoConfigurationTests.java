package dev.agentsession.sample.ai;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scripted model is the sample's model only until the application has a real one, whether declared by the
 * application or auto-configured by a Spring AI model starter.
 */
class ScriptedChatModelAutoConfigurationTests {

    private static final ChatModel REAL = (prompt) -> new ChatResponse(
            List.of(new Generation(new AssistantMessage("a real model's answer"))));

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ScriptedChatModelAutoConfiguration.class));

    @Test
    void modelWhenTheApplicationHasNoneThenTheScriptedOneAnswers() {
        this.runner.run((context) -> {
            assertThat(context).getBean(ChatModel.class).isInstanceOf(ScriptedChatModel.class);
            assertThat(context.getBean(ChatModel.class).call(new Prompt("my name is Ada")).getResult().getOutput()
                .getText()).isEqualTo("Nice to meet you, Ada.");
        });
    }

    @Test
    void modelWhenTheApplicationDeclaresOneThenTheScriptedOneBacksOff() {
        this.runner.withBean(ChatModel.class, () -> REAL)
            .run((context) -> assertThat(context).getBean(ChatModel.class).isSameAs(REAL));
    }

    @Test
    void modelWhenAModelStarterAutoConfiguresOneThenTheScriptedOneBacksOff() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ScriptedChatModelAutoConfiguration.class,
                    ModelStarterAutoConfiguration.class))
            .run((context) -> assertThat(context).getBean(ChatModel.class).isSameAs(REAL));
    }

    /**
     * What a Spring AI model starter does: an auto-configured model that backs off for the application's own.
     */
    @AutoConfiguration
    static class ModelStarterAutoConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ChatModel starterChatModel() {
            return REAL;
        }

    }
}
