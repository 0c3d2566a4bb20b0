package io.bertstream.topology;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Runs a model on a whole batch in one call; when that call fails, runs it again on each item alone, so one
 * input that breaks the model costs only itself. Items that fail alone get null.
 */
final class PerItemFallback {

    private static final Logger LOG = LoggerFactory.getLogger(PerItemFallback.class);

    private PerItemFallback() {
    }

    static <X, Y> List<Y> apply(List<X> items, Function<List<X>, List<Y>> batch) {
        if (items.isEmpty()) {
            return List.of();
        }
        try {
            return batch.apply(items);
        } catch (TransientFailure e) {
            throw e;
        } catch (RuntimeException e) {
            if (items.size() == 1) {
                LOG.error("The model failed on an input", e);
                List<Y> failed = new ArrayList<>();
                failed.add(null);
                return failed;
            }
            LOG.warn("The model failed on a batch of {}; retrying each input alone", items.size(), e);
        }
        List<Y> results = new ArrayList<>(items.size());
        for (X item : items) {
            results.add(apply(List.of(item), batch).get(0));
        }
        return results;
    }
}
