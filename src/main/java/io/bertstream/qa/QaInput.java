package io.bertstream.qa;

/** One question about one context (an article body). */
public record QaInput(String question, String context) {
}
