/* report.c — the validation report as a table for a terminal. */
#include <stdio.h>
#include <string.h>

#include "validate_internal.h"

static const char *pct(json_t *v, char buf[16])
{
    if (!json_is_number(v))
        return "-";
    snprintf(buf, 16, "%.1f%%", json_number_value(v) * 100);
    return buf;
}

static const char *fig(json_t *v, char buf[16])
{
    if (!json_is_number(v))
        return "-";
    snprintf(buf, 16, "%.3f", json_number_value(v));
    return buf;
}

static const char *yes(json_t *v)
{
    return json_is_true(v) ? "yes" : "no";
}

/* Everything but the privacy targets: only when the run was scored. */
static void quality_table(json_t *r, FILE *out)
{
    char a[16], b[16], c[16];
    json_t *rec = json_object_get(r, "reconstruction");
    fprintf(out, "kleio validate: %lld conversations, %lld clustered\n\n",
            (long long)json_integer_value(json_object_get(r, "conversations")),
            (long long)json_integer_value(json_object_get(r, "clustered")));
    fprintf(out, "Reconstruction accuracy (top level, %lld clusters)      kleio    Clio\n",
            (long long)json_integer_value(json_object_get(rec, "top_clusters")));
    fprintf(out, "  overall                                            %7s   94.0%%\n",
            pct(json_object_get(rec, "overall"), a));
    fprintf(out, "  concerning categories                              %7s   84.0%%\n",
            pct(json_object_get(rec, "concerning"), a));
    fprintf(out, "  worst language                                     %7s  >=92.0%%\n",
            pct(json_object_get(rec, "worst_language"), a));
    fprintf(out, "  the same measure at the leaves                     %7s\n",
            pct(json_object_get(rec, "at_leaves"), a));
    json_t *facets = json_object_get(r, "facets");
    json_t *lang = json_object_get(facets, "language_per_language");
    json_t *ref = json_object_get(facets, "refusal_per_language");
    fprintf(out, "\n  language  reconstruction  language facet  refusal facet\n");
    const char *code;
    json_t *v;
    json_object_foreach(json_object_get(rec, "per_language"), code, v)
        fprintf(out, "  %-8s  %14s  %14s  %13s\n", code, pct(v, a),
                pct(json_object_get(lang, code), b), pct(json_object_get(ref, code), c));
    json_t *lv = json_object_get(r, "leaves_vs_topics");
    fprintf(out, "\nLeaves against topics (%lld leaves, %lld topics): NMI %s, ARI %s\n",
            (long long)json_integer_value(json_object_get(lv, "leaves")),
            (long long)json_integer_value(json_object_get(lv, "topics")),
            fig(json_object_get(lv, "nmi"), a), fig(json_object_get(lv, "ari"), b));
    json_t *re = json_object_get(r, "refusal_rate_error");
    fprintf(out, "Refusal rate of %lld published clusters against truth: mean error %s, max %s\n",
            (long long)json_integer_value(json_object_get(re, "clusters")),
            fig(json_object_get(re, "mean_abs"), a), fig(json_object_get(re, "max_abs"), b));
}

void vreport_table(json_t *r, FILE *out)
{
    char a[16], b[16];
    if (json_object_get(r, "reconstruction"))
        quality_table(r, out);
    else
        fprintf(out, "kleio validate: %s against the corpus of %lld conversations\n",
                json_string_value(json_object_get(r, "snapshot")),
                (long long)json_integer_value(json_object_get(r, "conversations")));
    json_t *pv = json_object_get(r, "privacy");
    fprintf(out, "\nPrivacy                                            found    target\n");
    fprintf(out, "  planted private details in the snapshot (of %lld) %6lld    0\n",
            (long long)json_integer_value(json_object_get(pv, "planted_details")),
            (long long)json_integer_value(json_object_get(pv, "planted_found")));
    fprintf(out, "  poisoning target's secret in the snapshot         %6s    no\n",
            yes(json_object_get(pv, "poison_secret_found")));
    fprintf(out, "  clusters or cells below the thresholds            %6lld    0\n",
            (long long)json_integer_value(json_object_get(pv, "below_thresholds")));
    json_t *ab = json_object_get(r, "abuse");
    if (ab)
        fprintf(out, "\nCoordinated abuse: %lld burst conversations, %s in one published cluster,"
                 " flagged: %s (%s of the burst in flagged clusters)\n",
            (long long)json_integer_value(json_object_get(ab, "burst_conversations")),
            pct(json_object_get(ab, "largest_share_in_one_cluster"), a),
            yes(json_object_get(ab, "that_cluster_flagged")),
            pct(json_object_get(ab, "share_in_flagged_clusters"), b));
    fprintf(out, "\nPrivacy targets: %s\n", json_is_true(json_object_get(pv, "ok")) ? "met" : "MISSED");
}
