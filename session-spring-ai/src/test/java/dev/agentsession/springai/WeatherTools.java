package dev.agentsession.springai;

import java.util.ArrayList;
import java.util.List;

import org.springframework.ai.tool.annotation.Tool;

/**
 * A tool the scripted model calls; Spring AI runs it and sends the model its result.
 */
class WeatherTools {

    private final List<String> cities = new ArrayList<>();

    @Tool(description = "The current weather in a city")
    String weather(String city) {
        this.cities.add(city);
        return "sunny, 21 degrees in " + city;
    }

    List<String> cities() {
        return this.cities;
    }
}
