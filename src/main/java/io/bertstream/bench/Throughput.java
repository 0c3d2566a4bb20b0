package io.bertstream.bench;

/** A measured rate: sentences and (real, unpadded) tokens per second. */
record Throughput(double sentencesPerSecond, double tokensPerSecond) {

    static Throughput of(int sentences, long tokens, double seconds) {
        return new Throughput(sentences / seconds, tokens / seconds);
    }

    /** This rate as a multiple of another. */
    double over(Throughput other) {
        return sentencesPerSecond / other.sentencesPerSecond;
    }
}
