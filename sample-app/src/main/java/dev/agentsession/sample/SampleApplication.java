package dev.agentsession.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Starts the sample on the embedded default store.
 */
@SpringBootApplication
public class SampleApplication {

    /**
     * Runs the application.
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
