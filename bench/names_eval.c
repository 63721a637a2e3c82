/* names_eval.c — how well a run's tree and names describe a labelled corpus.
 *
 *   names_eval LABELS.tsv WORK.db SNAPSHOT.db
 *
 * LABELS.tsv: header, then `id fine [coarse]` in the columns headed `intent`/`topic` (fine)
 * and `scenario`/`category` (coarse); without those headers the second column is the fine
 * label and there is no coarse one. Reads the work database (run_assign, run_clusters,
 * facets) and the snapshot (clusters). Prints one line of key=value:
 *   top_fid   share of conversations whose top-level cluster's majority label (coarse when
 *             there is one, else fine) is their own
 *   leaf_fid  the same at the leaves against the fine label
 *   closer    share of non-top clusters whose centroid is closer (cosine) to another parent
 *             of their parent's level than to their own parent
 *   name_top1 share of conversations whose leaf's name + description is the best TF-IDF
 *             match to their summary among the leaf and its siblings (ties are misses)
 *   shown_top1 the same against the name a researcher sees: a leaf counted in a sibling
 *             scored against that sibling's name (the largest leaf of its published
 *             cluster), a conversation in a remainder row a miss
 *   remainder share of the snapshot's conversations in remainder rows (is_other)
 *   empty, same_parent, dup_sibling   name defects among the snapshot's named rows (empty
 *             counts the privacy stage's "Unnamed topic" too)
 *   rows      named rows of the snapshot */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

static void die(const char *what, sqlite3 *db)
{
    fprintf(stderr, "names_eval: %s: %s\n", what, db ? sqlite3_errmsg(db) : "failed");
    exit(2);
}

static void exec(sqlite3 *db, const char *sql)
{
    if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
        die(sql, db);
}

static double one_double(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    double v = 0;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        die(sql, db);
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_double(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Labels into lab(id, fine, coarse). Returns 1 when there is a coarse column. */
static int load_labels(sqlite3 *db, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "names_eval: %s: cannot read\n", path);
        exit(2);
    }
    char line[4096];
    int fine = 1, coarse = -1;
    if (fgets(line, sizeof line, f)) {
        int col = 0;
        for (char *s = strtok(line, "\t\r\n"); s; s = strtok(NULL, "\t\r\n"), col++) {
            if (!strcmp(s, "intent") || !strcmp(s, "topic"))
                fine = col;
            else if (!strcmp(s, "scenario") || !strcmp(s, "category"))
                coarse = col;
        }
    }
    exec(db, "CREATE TEMP TABLE lab(id TEXT PRIMARY KEY, fine TEXT, coarse TEXT)");
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO lab VALUES(?1, ?2, ?3)", -1, &st, NULL))
        die("insert", db);
    exec(db, "BEGIN");
    while (fgets(line, sizeof line, f)) {
        char *cols[16] = {0};
        int n = 0;
        for (char *s = strtok(line, "\t\r\n"); s && n < 16; s = strtok(NULL, "\t\r\n"))
            cols[n++] = s;
        if (n <= fine || !cols[0])
            continue;
        sqlite3_bind_text(st, 1, cols[0], -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, cols[fine], -1, SQLITE_TRANSIENT);
        const char *c = coarse >= 0 && coarse < n ? cols[coarse] : cols[fine];
        sqlite3_bind_text(st, 3, c, -1, SQLITE_TRANSIENT);
        sqlite3_step(st);
        sqlite3_reset(st);
    }
    exec(db, "COMMIT");
    sqlite3_finalize(st);
    fclose(f);
    return coarse >= 0;
}

/* ---- name fidelity: summary vs the names of the leaf and its siblings ----------------- */

#define MAXW 64
typedef struct bag { uint64_t w[MAXW]; int n; } bag;

static uint64_t hash_word(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)tolower((unsigned char)s[i])) * 1099511628211ULL;
    return h;
}

/* Distinct words (runs of letters, digits, non-ASCII bytes) of s, at most MAXW. */
static void to_bag(const char *s, bag *b)
{
    b->n = 0;
    while (s && *s && b->n < MAXW) {
        while (*s && !(isalnum((unsigned char)*s) || (unsigned char)*s >= 0x80))
            s++;
        const char *e = s;
        while (*e && (isalnum((unsigned char)*e) || (unsigned char)*e >= 0x80))
            e++;
        if (e - s >= 3) {   /* short words are mostly function words */
            uint64_t h = hash_word(s, (size_t)(e - s));
            int dup = 0;
            for (int i = 0; i < b->n && !dup; i++)
                dup = b->w[i] == h;
            if (!dup)
                b->w[b->n++] = h;
        }
        s = e;
    }
}

static int in_bag(const bag *b, uint64_t h)
{
    for (int i = 0; i < b->n; i++)
        if (b->w[i] == h)
            return 1;
    return 0;
}

/* The leaf whose name a researcher sees for the conversations of each leaf: itself, the
 * largest leaf of the published cluster it was counted in (a leaf joined to a sibling),
 * or -1 when it went into a remainder row (no name shown). pub[k]. */
static void published_leaf(sqlite3 *db, long k, long *pub)
{
    double *size = calloc((size_t)k + 1, sizeof *size);
    long *cid = calloc((size_t)k + 1, sizeof *cid);
    for (long i = 0; i < k; i++) {
        pub[i] = i;   /* no published map (an old run): its own leaf */
        cid[i] = -1;
    }
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT p.leaf, p.cluster_id, c.is_other, r.size FROM run_pub_leaf p"
                               " JOIN run_pub_clusters c ON c.id = p.cluster_id JOIN run_clusters r"
                               " ON r.level = 0 AND r.idx = p.leaf", -1, &st, NULL) == SQLITE_OK) {
        while (sqlite3_step(st) == SQLITE_ROW) {
            long i = sqlite3_column_int64(st, 0);
            if (i < 0 || i >= k)
                continue;
            cid[i] = sqlite3_column_int64(st, 2) ? -2 : sqlite3_column_int64(st, 1);
            size[i] = sqlite3_column_double(st, 3);
        }
        sqlite3_finalize(st);
    }
    for (long i = 0; i < k; i++) {
        if (cid[i] == -1)
            continue;
        if (cid[i] == -2) {
            pub[i] = -1;
            continue;
        }
        for (long j = 0; j < k; j++)
            if (cid[j] == cid[i] && (size[j] > size[pub[i]] ||
                                     (size[j] == size[pub[i]] && j < pub[i])))
                pub[i] = j;
    }
    free(size);
    free(cid);
}

/* as_published: score each conversation against the name shown for it (published_leaf),
 * a conversation in a remainder row counting as a miss. */
static double name_fidelity(sqlite3 *db, int as_published)
{
    int L = (int)one_double(db, "SELECT max(level) + 1 FROM run_clusters");
    long k = (long)one_double(db, "SELECT count(*) FROM run_clusters WHERE level = 0");
    if (k <= 0)
        return 0;
    bag *nb = calloc((size_t)k, sizeof *nb);
    long *par = calloc((size_t)k, sizeof *par);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT idx, coalesce(parent, -1), coalesce(name, '') || ' ' ||"
                               " coalesce(description, '') FROM run_clusters WHERE level = 0",
                           -1, &st, NULL))
        die("leaves", db);
    while (sqlite3_step(st) == SQLITE_ROW) {
        long i = sqlite3_column_int64(st, 0);
        if (i < 0 || i >= k)
            continue;
        par[i] = L > 1 ? sqlite3_column_int64(st, 1) : 0;
        to_bag((const char *)sqlite3_column_text(st, 2), &nb[i]);
    }
    sqlite3_finalize(st);
    /* idf of a word over the leaf names of its sibling group: rarer among siblings, more
     * telling. Computed per pair by counting, groups are small. */
    if (sqlite3_prepare_v2(db, "SELECT a.leaf, f.summary FROM run_assign a JOIN facets f"
                               " ON f.conv = a.conv", -1, &st, NULL))
        die("assign", db);
    long hits = 0, total = 0;
    bag sb;
    long *pub = calloc((size_t)k + 1, sizeof *pub);
    published_leaf(db, k, pub);
    while (sqlite3_step(st) == SQLITE_ROW) {
        long own = sqlite3_column_int64(st, 0);
        if (own < 0 || own >= k)
            continue;
        total++;
        if (as_published && (own = pub[own]) < 0)
            continue;
        to_bag((const char *)sqlite3_column_text(st, 1), &sb);
        double best_other = 0, mine = 0;
        long nsib = 0;
        for (long j = 0; j < k; j++)
            nsib += par[j] == par[own];
        for (long j = 0; j < k; j++) {
            if (par[j] != par[own])
                continue;
            double s = 0;
            for (int w = 0; w < nb[j].n; w++) {
                if (!in_bag(&sb, nb[j].w[w]))
                    continue;
                long df = 0;
                for (long x = 0; x < k; x++)
                    df += par[x] == par[own] && in_bag(&nb[x], nb[j].w[w]);
                s += log(1.0 + (double)nsib / (double)df);
            }
            if (j == own)
                mine = s;
            else if (s > best_other)
                best_other = s;
        }
        hits += mine > best_other;
    }
    sqlite3_finalize(st);
    free(pub);
    free(nb);
    free(par);
    return total ? (double)hits / (double)total : 0;
}

/* ---- coherence: children closer to another parent ------------------------------------- */

static double closer_share(sqlite3 *db)
{
    int L = (int)one_double(db, "SELECT max(level) + 1 FROM run_clusters");
    long bad = 0, total = 0;
    for (int l = 0; l + 1 < L; l++) {
        char sql[256];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM run_clusters WHERE level = %d", l + 1);
        long np = (long)one_double(db, sql);
        int d = (int)(one_double(db, "SELECT max(length(centroid)) FROM run_clusters") / 4);
        float *pc = calloc((size_t)(np * d + 1), sizeof *pc);
        snprintf(sql, sizeof sql, "SELECT idx, centroid FROM run_clusters WHERE level = %d", l + 1);
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(db, sql, -1, &st, NULL))
            die("parents", db);
        while (sqlite3_step(st) == SQLITE_ROW) {
            long i = sqlite3_column_int64(st, 0);
            if (i >= 0 && i < np && sqlite3_column_bytes(st, 1) == d * 4) {
                const float *v = sqlite3_column_blob(st, 1);
                double nn = 0;
                for (int x = 0; x < d; x++)
                    nn += (double)v[x] * v[x];
                for (int x = 0; x < d; x++)
                    pc[i * d + x] = nn > 0 ? (float)(v[x] / sqrt(nn)) : 0;
            }
        }
        sqlite3_finalize(st);
        snprintf(sql, sizeof sql, "SELECT parent, centroid FROM run_clusters WHERE level = %d", l);
        if (sqlite3_prepare_v2(db, sql, -1, &st, NULL))
            die("children", db);
        while (sqlite3_step(st) == SQLITE_ROW) {
            long p = sqlite3_column_int64(st, 0);
            if (p < 0 || p >= np || sqlite3_column_bytes(st, 1) != d * 4)
                continue;
            const float *v = sqlite3_column_blob(st, 1);
            double own = 0, best = -2;
            for (long q = 0; q < np; q++) {
                double s = 0;
                for (int x = 0; x < d; x++)
                    s += (double)v[x] * pc[q * d + x];
                if (q == p)
                    own = s;
                else if (s > best)
                    best = s;
            }
            total++;
            bad += np > 1 && best > own;
        }
        sqlite3_finalize(st);
        free(pc);
    }
    return total ? (double)bad / (double)total : 0;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: names_eval LABELS.tsv WORK.db SNAPSHOT.db\n");
        return 2;
    }
    sqlite3 *db;
    if (sqlite3_open_v2(argv[2], &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        die(argv[2], db);
    load_labels(db, argv[1]);
    char att[4200];
    char *q = sqlite3_mprintf("ATTACH %Q AS snap", argv[3]);
    snprintf(att, sizeof att, "%s", q);
    sqlite3_free(q);
    exec(db, att);
    /* Each conversation with its labels, its leaf and its top-level cluster. */
    exec(db, "CREATE TEMP TABLE m AS SELECT l.fine, l.coarse, a.leaf AS leaf FROM run_assign a"
             " JOIN conversations c ON c.rowid = a.conv JOIN lab l ON l.id = c.id");
    exec(db, "ALTER TABLE temp.m ADD COLUMN top INTEGER");
    int L = (int)one_double(db, "SELECT max(level) + 1 FROM run_clusters");
    exec(db, "UPDATE temp.m SET top = leaf");
    for (int l = 0; l + 1 < L; l++) {
        char sql[256];
        snprintf(sql, sizeof sql, "UPDATE temp.m SET top = (SELECT parent FROM run_clusters r"
                                  " WHERE r.level = %d AND r.idx = m.top)", l);
        exec(db, sql);
    }
    /* Share of members whose label is their group's majority label. */
    double top_fid = one_double(db,
        "WITH c AS (SELECT top, coarse, count(*) n FROM temp.m GROUP BY top, coarse),"
        " b AS (SELECT top, max(n) n FROM c GROUP BY top)"
        " SELECT 1.0 * (SELECT sum(n) FROM b) / (SELECT count(*) FROM temp.m)");
    double leaf_fid = one_double(db,
        "WITH c AS (SELECT leaf, fine, count(*) n FROM temp.m GROUP BY leaf, fine),"
        " b AS (SELECT leaf, max(n) n FROM c GROUP BY leaf)"
        " SELECT 1.0 * (SELECT sum(n) FROM b) / (SELECT count(*) FROM temp.m)");
    double closer = closer_share(db);
    double fid = name_fidelity(db, 0), fid_pub = name_fidelity(db, 1);
    double rem = one_double(db,
        "SELECT 1.0 * coalesce((SELECT sum(conversations) FROM snap.clusters WHERE is_other), 0)"
        " / (SELECT sum(conversations) FROM snap.clusters WHERE parent_id IS NULL)");
    double rows = one_double(db, "SELECT count(*) FROM snap.clusters WHERE NOT is_other");
    double empty = one_double(db, "SELECT count(*) FROM snap.clusters WHERE NOT is_other"
                                  " AND (trim(name) = '' OR name = 'Unnamed topic')");
    double same = one_double(db, "SELECT count(*) FROM snap.clusters c JOIN snap.clusters p"
                                 " ON p.id = c.parent_id WHERE NOT c.is_other"
                                 " AND lower(c.name) = lower(p.name)");
    double dup = one_double(db, "SELECT count(*) FROM snap.clusters a JOIN snap.clusters b"
                                " ON coalesce(a.parent_id, 0) = coalesce(b.parent_id, 0)"
                                " AND a.id < b.id AND lower(a.name) = lower(b.name)"
                                " WHERE NOT a.is_other AND NOT b.is_other");
    printf("top_fid=%.4f leaf_fid=%.4f closer=%.4f name_top1=%.4f shown_top1=%.4f"
           " remainder=%.4f empty=%.0f same_parent=%.0f dup_sibling=%.0f rows=%.0f\n",
           top_fid, leaf_fid, closer, fid, fid_pub, rem, empty, same, dup, rows);
    sqlite3_close(db);
    return 0;
}
