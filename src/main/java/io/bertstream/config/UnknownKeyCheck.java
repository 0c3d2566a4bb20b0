package io.bertstream.config;

import org.apache.commons.text.similarity.LevenshteinDistance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses configuration keys the service does not know, naming the nearest known one: a typo such as
 * {@code summary.num.sentence} must not be ignored in silence. The known keys are those of the built-in
 * {@code config/application.properties}, the one place every key is documented, so a key added there is known
 * everywhere; keys under {@link ConfigKeys#PASSTHROUGH_PREFIXES} go to Kafka's clients or the registry client as
 * they are.
 */
final class UnknownKeyCheck {

    private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();

    private final Set<String> known;

    UnknownKeyCheck(Set<String> known) {
        this.known = Set.copyOf(known);
    }

    boolean isKnown(String key) {
        return known.contains(key) || ConfigKeys.PASSTHROUGH_PREFIXES.stream().anyMatch(key::startsWith);
    }

    /** Throws one message naming every unknown key of {@code given} (read from {@code source}) and its nearest. */
    void requireKnown(Map<String, String> given, String source) {
        List<String> problems = new ArrayList<>();
        given.keySet().stream().sorted().filter(key -> !isKnown(key))
                .forEach(key -> problems.add("'" + key + "' (" + source + ")" + nearest(key).map(n -> ": did you mean "
                        + n + "?").orElse("")));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Unknown configuration key " + String.join("; ", problems)
                    + " (config/application.properties lists every key; other Kafka client settings pass through as "
                    + "kafka.KEY)");
        }
    }

    /** The known key nearest {@code key} by edit distance, if it is close enough to be a typo of it. */
    Optional<String> nearest(String key) {
        Optional<String> completed = known.stream().filter(k -> k.endsWith("." + key)).sorted().findFirst();
        if (completed.isPresent()) {
            return completed; // num.sentences -> summary.num.sentences
        }
        int limit = Math.max(2, key.length() / 4);
        return known.stream()
                .map(candidate -> Map.entry(candidate, DISTANCE.apply(key, candidate)))
                .filter(e -> e.getValue() <= limit)
                .min(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue)
                        .thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey);
    }
}
