package io.bertstream.topology;

import io.bertstream.config.BertstreamConfig;
import io.bertstream.state.ArticleState;
import io.bertstream.state.ExpiredArticle;
import io.bertstream.store.StoredArticles;

import java.time.Duration;

import static io.bertstream.config.ConfigKeys.*;

/**
 * When stored things leave the stores: a live article {@code retentionMs} after its last write, the marker of a
 * deleted or expired article {@code markerMs} after it was written (never before {@code pendingTtlMs}, so a late
 * question still learns what became of its article). Zero keeps them forever. {@link #NEVER} means "not due".
 */
public record ExpiryPolicy(long retentionMs, long markerMs, Duration check, int slice) {

    public static final long NEVER = Long.MAX_VALUE;

    public ExpiryPolicy {
        if (retentionMs < 0 || markerMs < 0 || slice < 1 || check.toMillis() < 1) {
            throw new IllegalArgumentException("articles.retention.ms and articles.expired.marker.ms must be >= 0, "
                    + "articles.expiry.slice and articles.expiry.check.ms >= 1");
        }
    }

    static ExpiryPolicy from(BertstreamConfig c) {
        long marker = c.getLong(ARTICLES_EXPIRED_MARKER_MS);
        long markerAtLeast = marker == 0 ? 0 : Math.max(marker, c.getLong(QUESTIONS_PENDING_TTL_MS));
        return new ExpiryPolicy(c.getLong(ARTICLES_RETENTION_MS), markerAtLeast,
                Duration.ofMillis(c.getLong(ARTICLES_EXPIRY_CHECK_MS)), c.getInt(ARTICLES_EXPIRY_SLICE));
    }

    /** When the state in the {@code articles} store is due to go: a live article, or a deleted article's marker. */
    public long dueOf(ArticleState state) {
        return StoredArticles.isLive(state) ? after(state.getUpdatedAt(), retentionMs)
                : after(state.getUpdatedAt(), markerMs);
    }

    /** When an expired article's marker is due to go. */
    public long dueOf(ExpiredArticle marker) {
        return after(marker.getExpiredAt(), markerMs);
    }

    private static long after(long at, long ttl) {
        return ttl == 0 ? NEVER : at + ttl;
    }
}
