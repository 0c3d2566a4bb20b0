package io.bertstream.chaos;

import io.bertstream.events.Article;
import io.bertstream.events.Question;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The inputs of a run in the order they are sent: articles, each followed by some of its questions. */
record Workload(List<Item> items) {

    /** One input: an article or a question, with the id its output is known by. */
    record Item(String id, Article article, Question question) {

        static Item article(String id, Article article) {
            return new Item(id, article, null);
        }

        static Item question(String id, Question question) {
            return new Item(id, null, question);
        }

        boolean isArticle() {
            return article != null;
        }

        /** The record key: the article id, for both inputs. */
        String key() {
            return isArticle() ? article.getId() : question.getArticleId();
        }
    }

    Map<String, Article> articles() {
        return items.stream().filter(Item::isArticle)
                .collect(Collectors.toMap(Item::id, Item::article));
    }

    List<Question> questions() {
        return items.stream().filter(i -> !i.isArticle()).map(Item::question).toList();
    }

    /** The items cut into {@code n} consecutive slices of nearly equal size. */
    List<List<Item>> slices(int n) {
        List<List<Item>> slices = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            slices.add(items.subList(s * items.size() / n, (s + 1) * items.size() / n));
        }
        return slices;
    }
}
