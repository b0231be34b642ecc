package dev.agentsession.sample.ai;

import java.util.List;
import java.util.Locale;

import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;
import org.springframework.stereotype.Component;

/**
 * A pretend weather service that the model may call: deterministic (the same city always gets the same weather),
 * no network.
 */
@Component
public class WeatherTool {

    private static final List<String> SKIES = List.of("sunny", "cloudy", "rainy", "windy");

    /**
     * The current weather in a city.
     * @param city the city
     * @return its weather
     * @throws IllegalArgumentException if the city is blank
     */
    @Tool(description = "The current weather in a city")
    public Weather weather(@ToolParam(description = "The city's name, e.g. Paris") String city) {
        if (city == null || city.isBlank()) {
            throw new IllegalArgumentException("city must not be blank");
        }
        int seed = Math.floorMod(city.strip().toLowerCase(Locale.ROOT).hashCode(), 1000);
        return new Weather(city.strip(), SKIES.get(seed % SKIES.size()), 8 + seed % 20);
    }

    /**
     * A city's weather, as the tool answers it (Spring AI sends it to the model as JSON).
     * @param city the city
     * @param sky the sky: sunny, cloudy, rainy or windy
     * @param celsius the temperature in degrees Celsius
     */
    public record Weather(String city, String sky, int celsius) {
    }
}
