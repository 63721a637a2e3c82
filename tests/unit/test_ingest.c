/* test_ingest.c — shapes, bad lines, timestamps, the line reader and the store of ingest. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "kleio/ingest.h"
#include "kleio/sha256.h"
#include "kleio/workdb.h"

static char errbuf[512];

/* Parses s, asserting success. */
static void parse_ok(const char *s, kl_conv *c)
{
    enum kl_ingest_cause cause = kl_ingest_parse(s, strlen(s), c, errbuf, sizeof errbuf);
    if (cause != KL_CAUSE_NONE)
        fail_msg("rejected (%s: %s): %s", kl_ingest_cause_name(cause), errbuf, s);
}

static enum kl_ingest_cause parse_bad(const char *s, size_t len)
{
    kl_conv c;
    enum kl_ingest_cause cause = kl_ingest_parse(s, len, &c, errbuf, sizeof errbuf);
    if (cause == KL_CAUSE_NONE)
        kl_conv_free(&c);
    return cause;
}

static void test_sha256_vectors(void **state)
{
    (void)state;
    char hex[65];
    kl_sha256_hex("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    kl_sha256_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    kl_sha256_hex(two, strlen(two), hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    /* A million 'a' fed in uneven pieces exercises the block buffering. */
    kl_sha256 s;
    unsigned char d[32];
    char a[997];
    memset(a, 'a', sizeof a);
    kl_sha256_init(&s);
    size_t left = 1000000;
    for (size_t piece = 1; left; piece = piece % 980 + 13) {
        size_t n = piece < left ? piece : left;
        kl_sha256_update(&s, a, n);
        left -= n;
    }
    kl_sha256_final(&s, d);
    assert_int_equal(d[0], 0xcd);
    assert_int_equal(d[1], 0xc7);
    assert_int_equal(d[31], 0xd0);
}

static void test_time_formats(void **state)
{
    (void)state;
    int64_t t;
    assert_int_equal(kl_ingest_parse_time("2026-03-01T12:00:00Z", &t), 0);
    assert_int_equal(t, 1772366400);
    assert_int_equal(kl_ingest_parse_time("2026-03-01T14:00:00+02:00", &t), 0);
    assert_int_equal(t, 1772366400);
    assert_int_equal(kl_ingest_parse_time("2026-03-01T07:30:00.123456-0430", &t), 0);
    assert_int_equal(t, 1772366400);
    assert_int_equal(kl_ingest_parse_time("2026-03-01 12:00:00.5", &t), 0);  /* no zone: UTC */
    assert_int_equal(t, 1772366400);
    assert_int_equal(kl_ingest_parse_time("2026-03-01", &t), 0);
    assert_int_equal(t, 1772323200);
    assert_int_equal(kl_ingest_parse_time("1970-01-01T00:00:00Z", &t), 0);
    assert_int_equal(t, 0);
    assert_int_equal(kl_ingest_parse_time("1969-12-31T23:59:59Z", &t), 0);
    assert_int_equal(t, -1);
    assert_int_equal(kl_ingest_parse_time("2024-02-29T00:00:00Z", &t), 0);
    assert_int_equal(t, 1709164800);
    assert_int_equal(kl_ingest_parse_time("1772366400", &t), 0);
    assert_int_equal(t, 1772366400);
    assert_int_equal(kl_ingest_parse_time("1772366400.75", &t), 0);
    assert_int_equal(t, 1772366400);
    assert_int_equal(kl_ingest_parse_time("1772366400123", &t), 0);           /* milliseconds */
    assert_int_equal(t, 1772366400);
    assert_int_equal(kl_ingest_parse_time("20240101", &t), 0);       /* basic date, not epoch */
    assert_int_equal(t, 1704067200);
    assert_int_equal(kl_ingest_parse_time(" 20240229 ", &t), 0);
    assert_int_equal(t, 1709164800);
    assert_int_equal(kl_ingest_parse_time("2024010", &t), 0);        /* seven digits: epoch */
    assert_int_equal(t, 2024010);
    assert_false(kl_ingest_parse_time("20241301", &t) == 0);
    assert_false(kl_ingest_parse_time("20230229", &t) == 0);

    const char *bad[] = {"", "yesterday", "2026-13-01", "2026-02-30", "2023-02-29T00:00:00Z",
                         "2026-03-01T25:00:00Z", "2026-03-01T12:61", "2026-03-01T12:00:00+2",
                         "2026-03-01T12:00:00Zjunk", "2026/03/01", "12.5.2026", "1e9", "0x10"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (kl_ingest_parse_time(bad[i], &t) == 0)
            fail_msg("accepted bad timestamp '%s'", bad[i]);
}

static void test_shape_kleio(void **state)
{
    (void)state;
    kl_conv c;
    parse_ok("{\"id\":\"c-000001\",\"user_id\":\"u-123\",\"org_id\":\"o-9\",\"timestamp\":\"2026-03-01T12:00:00Z\","
             "\"messages\":[{\"role\":\"user\",\"content\":\"Bonjour\"},{\"role\":\"assistant\",\"content\":\"Salut\"}],"
             "\"extra\":{\"ignored\":true}}",
             &c);
    assert_string_equal(c.id, "c-000001");
    assert_string_equal(c.user_id, "u-123");
    assert_string_equal(c.org_id, "o-9");
    assert_true(c.has_ts);
    assert_int_equal(c.ts, 1772366400);
    assert_int_equal(c.n_messages, 2);
    assert_int_equal(c.user_turns, 1);
    assert_string_equal(c.raw, "[{\"role\":\"user\",\"content\":\"Bonjour\"},{\"role\":\"assistant\",\"content\":\"Salut\"}]");
    assert_int_equal(strlen(c.content_hash), 64);
    kl_conv_free(&c);

    /* Content as an array of text parts. */
    parse_ok("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"one\"},{\"type\":\"text\",\"text\":\"two\"}]}]}", &c);
    assert_string_equal(c.raw, "[{\"role\":\"user\",\"content\":\"one\\ntwo\"}]");
    assert_false(c.has_ts);
    assert_null(c.org_id);
    kl_conv_free(&c);
}

static void test_shape_openai(void **state)
{
    (void)state;
    kl_conv c;
    parse_ok("{\"messages\":[{\"role\":\"developer\",\"content\":\"Be brief.\"},"
             "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is in this picture?\"},"
             "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/y.png\"}}]},"
             "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
             "\"function\":{\"name\":\"lookup\",\"arguments\":\"{\\\"q\\\":1}\"}}]},"
             "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"a cat\"},"
             "{\"role\":\"assistant\",\"content\":[{\"type\":\"refusal\",\"refusal\":\"I can't identify people.\"}]}],"
             "\"user\":\"u-7\",\"created_at\":1772366400}",
             &c);
    assert_string_equal(c.raw,
                        "[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                        "{\"role\":\"user\",\"content\":\"What is in this picture?\\n[image]\"},"
                        "{\"role\":\"assistant\",\"content\":\"[tool call lookup {\\\"q\\\":1}]\"},"
                        "{\"role\":\"tool\",\"content\":\"a cat\"},"
                        "{\"role\":\"assistant\",\"content\":\"I can't identify people.\"}]");
    assert_string_equal(c.user_id, "u-7");
    assert_int_equal(c.ts, 1772366400);
    assert_int_equal(c.n_messages, 5);
    kl_conv_free(&c);
}

static void test_shape_anthropic(void **state)
{
    (void)state;
    kl_conv c;
    parse_ok("{\"system\":[{\"type\":\"text\",\"text\":\"You are terse.\"}],"
             "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Add 2 and 2\"}]},"
             "{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"easy\"},"
             "{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"calc\",\"input\":{\"e\":\"2+2\"}}]},"
             "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":[{\"type\":\"text\",\"text\":\"4\"}]}]},"
             "{\"role\":\"assistant\",\"content\":\"4\"}]}",
             &c);
    assert_string_equal(c.raw,
                        "[{\"role\":\"system\",\"content\":\"You are terse.\"},"
                        "{\"role\":\"user\",\"content\":\"Add 2 and 2\"},"
                        "{\"role\":\"assistant\",\"content\":\"[tool call calc {\\\"e\\\":\\\"2+2\\\"}]\"},"
                        "{\"role\":\"tool\",\"content\":\"4\"},"
                        "{\"role\":\"assistant\",\"content\":\"4\"}]");
    assert_int_equal(c.user_turns, 1);   /* the tool result is not the user speaking */
    kl_conv_free(&c);
}

static void test_shape_sharegpt_and_others(void **state)
{
    (void)state;
    kl_conv c;
    parse_ok("{\"id\":42,\"conversations\":[{\"from\":\"system\",\"value\":\"s\"},{\"from\":\"human\",\"value\":\"hi\"},"
             "{\"from\":\"gpt\",\"value\":\"hello\"},{\"from\":\"human\",\"value\":\"bye\"}]}",
             &c);
    assert_string_equal(c.id, "42");
    assert_int_equal(c.user_turns, 2);
    assert_string_equal(c.raw, "[{\"role\":\"system\",\"content\":\"s\"},{\"role\":\"user\",\"content\":\"hi\"},"
                               "{\"role\":\"assistant\",\"content\":\"hello\"},{\"role\":\"user\",\"content\":\"bye\"}]");
    kl_conv_free(&c);

    parse_ok("{\"conversation_id\":\"w1\",\"conversation\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"assistant\",\"content\":\"a\"}]}", &c);
    assert_string_equal(c.id, "w1");
    kl_conv_free(&c);

    parse_ok("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"q\"}]},{\"role\":\"model\",\"parts\":[{\"text\":\"a\"}]}]}", &c);
    assert_string_equal(c.raw, "[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"assistant\",\"content\":\"a\"}]");
    kl_conv_free(&c);

    /* Gemini function calls, responses and inline data; untyped parts without text are left out. */
    parse_ok("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"look\"},{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"AAAA\"}},{\"x\":1}]},"
             "{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"f\",\"args\":{\"a\":1}}}]},"
             "{\"role\":\"function\",\"parts\":[{\"functionResponse\":{\"name\":\"f\",\"response\":{\"ok\":true}}}]}]}", &c);
    assert_string_equal(c.raw, "[{\"role\":\"user\",\"content\":\"look\\n[document]\"},"
                               "{\"role\":\"assistant\",\"content\":\"[tool call f {\\\"a\\\":1}]\"},"
                               "{\"role\":\"tool\",\"content\":\"{\\\"ok\\\":true}\"}]");
    kl_conv_free(&c);

    parse_ok("[{\"role\":\"user\",\"content\":\"bare\"}]", &c);
    assert_string_equal(c.raw, "[{\"role\":\"user\",\"content\":\"bare\"}]");
    kl_conv_free(&c);
}

static void test_missing_ids(void **state)
{
    (void)state;
    const char *line = "{\"messages\":[{\"role\":\"user\",\"content\":\"same\"}]}";
    kl_conv a, b, u;
    parse_ok(line, &a);
    parse_ok(line, &b);
    assert_string_equal(a.id, b.id);                        /* stable */
    assert_int_equal(strncmp(a.id, "h-", 2), 0);
    assert_int_equal(strlen(a.id), 34);
    assert_int_equal(strncmp(a.id + 2, a.content_hash, 32), 0);
    assert_int_equal(strncmp(a.user_id, "anon-", 5), 0);    /* its own user */
    assert_string_equal(a.user_id + 5, a.id);
    parse_ok("{\"user_id\":\"u-1\",\"messages\":[{\"role\":\"user\",\"content\":\"same\"}]}", &u);
    assert_string_not_equal(u.content_hash, a.content_hash); /* another person's words */
    assert_string_not_equal(u.id, a.id);
    kl_conv_free(&a);
    kl_conv_free(&b);
    kl_conv_free(&u);
}

static void test_text_roundtrips(void **state)
{
    (void)state;
    kl_conv c;
    /* Controls, quotes, backslashes and non-ASCII survive into valid JSON. */
    parse_ok("{\"messages\":[{\"role\":\"user\",\"content\":\"a\\u0001b\\\"c\\\\d\\te\\nf 日本 \\ud83d\\ude00\"}]}", &c);
    json_error_t e;
    json_t *j = json_loads(c.raw, 0, &e);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(json_array_get(j, 0), "content")),
                        "a\001b\"c\\d\te\nf 日本 \xF0\x9F\x98\x80");
    json_decref(j);
    kl_conv_free(&c);
}

static void test_timestamp_fields(void **state)
{
    (void)state;
    kl_conv c;
    parse_ok("{\"timestamp\":1772366400000,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", &c);
    assert_int_equal(c.ts, 1772366400);
    kl_conv_free(&c);
    parse_ok("{\"timestamp\":\"1772366400\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", &c);
    assert_int_equal(c.ts, 1772366400);
    kl_conv_free(&c);
    parse_ok("{\"create_time\":1772366400.5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", &c);
    assert_int_equal(c.ts, 1772366400);
    kl_conv_free(&c);
    parse_ok("{\"timestamp\":null,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", &c);
    assert_false(c.has_ts);
    kl_conv_free(&c);
    /* Aliases count only when valid: another source's "time" or "user" may mean something else. */
    parse_ok("{\"time\":\"afternoon\",\"created_at\":\"2026-03-01T12:00:00Z\",\"user\":{\"name\":\"x\"},"
             "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", &c);
    assert_int_equal(c.ts, 1772366400);
    assert_int_equal(strncmp(c.user_id, "anon-h-", 7), 0);
    kl_conv_free(&c);
}

static void test_bad_lines(void **state)
{
    (void)state;
#define BAD(cause, s) assert_int_equal(parse_bad(s, sizeof s - 1), cause)
    BAD(KL_CAUSE_BINARY, "{\"a\":\0\"b\"}");
    BAD(KL_CAUSE_BINARY, "\x1f\x8b\x08\x00garbage");
    BAD(KL_CAUSE_BAD_UTF8, "{\"messages\":[{\"role\":\"user\",\"content\":\"caf\xe9\"}]}");
    BAD(KL_CAUSE_BAD_UTF8, "{\"messages\":[{\"role\":\"user\",\"content\":\"\xed\xa0\x80\"}]}"); /* surrogate */
    BAD(KL_CAUSE_BAD_JSON, "{\"messages\": [");
    BAD(KL_CAUSE_BAD_JSON, "{\"messages\": []} trailing");
    BAD(KL_CAUSE_BAD_JSON, "{\"messages\":[{\"role\":\"user\",\"content\":\"a\\u0000b\"}]}");
    BAD(KL_CAUSE_BAD_JSON, "{'single': 'quotes'}");
    BAD(KL_CAUSE_UNKNOWN_SHAPE, "{\"prompt\":\"x\",\"completion\":\"y\"}");
    BAD(KL_CAUSE_UNKNOWN_SHAPE, "\"just a string\"");
    BAD(KL_CAUSE_UNKNOWN_SHAPE, "42");
    BAD(KL_CAUSE_UNKNOWN_SHAPE, "{\"messages\":\"hi\"}");
    BAD(KL_CAUSE_UNKNOWN_SHAPE, "{\"messages\":[\"hi\"]}");
    BAD(KL_CAUSE_UNKNOWN_SHAPE, "{\"messages\":[{\"content\":\"no role\"}]}");
    BAD(KL_CAUSE_UNKNOWN_SHAPE, "{\"messages\":[{\"role\":\"narrator\",\"content\":\"x\"}]}");
    BAD(KL_CAUSE_UNKNOWN_SHAPE, "{\"messages\":[{\"role\":\"user\",\"content\":17}]}");
    BAD(KL_CAUSE_UNKNOWN_SHAPE, "{\"id\":[1],\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    BAD(KL_CAUSE_NO_USER_TURN, "{\"messages\":[]}");
    BAD(KL_CAUSE_NO_USER_TURN, "{\"messages\":[{\"role\":\"assistant\",\"content\":\"x\"}]}");
    BAD(KL_CAUSE_NO_USER_TURN, "{\"messages\":[{\"role\":\"user\",\"content\":\"  \\n \"}]}");
    BAD(KL_CAUSE_BAD_TIMESTAMP, "{\"timestamp\":\"soon\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    BAD(KL_CAUSE_UNKNOWN_SHAPE, "{\"user_id\":{\"a\":1},\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    BAD(KL_CAUSE_BAD_TIMESTAMP, "{\"timestamp\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
#undef BAD
    /* A long id is misplaced content, not an id. */
    char big[600];
    int n = snprintf(big, sizeof big, "{\"id\":\"%0300d\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", 0);
    assert_int_equal(parse_bad(big, (size_t)n), KL_CAUSE_UNKNOWN_SHAPE);
    /* Details name structure, never the text. */
    parse_bad("{\"messages\":[{\"role\":\"user\",\"content\":\"secret words\"", 47);
    assert_null(strstr(errbuf, "secret"));
}

/* Writes data to a temporary file and returns its path (static buffer). */
static const char *write_tmp(const char *data, size_t len, int gzip)
{
    static char path[64];
    strcpy(path, "/tmp/kleio-ingest-test.XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    if (gzip) {
        gzFile gz = gzdopen(fd, "wb");
        assert_int_equal(gzwrite(gz, data, (unsigned)len), (int)len);
        gzclose(gz);
    } else {
        assert_int_equal(write(fd, data, len), (ssize_t)len);
        close(fd);
    }
    return path;
}

/* A line of many small values (a 16 MB line of [{},{},…] took 1.29 GB in jansson) is
 * rejected before it is parsed; brackets and commas inside strings do not count. */
static void test_value_bound(void **state)
{
    (void)state;
    const char *head = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"x\":[";
    size_t n = KL_INGEST_MAX_VALUES;   /* with the root and messages: more than the bound */
    size_t len = strlen(head) + 3 * n + 2;
    char *line = malloc(len + 1);
    assert_non_null(line);
    char *p = line + strlen(head);
    memcpy(line, head, strlen(head));
    for (size_t i = 0; i < n; i++, p += 3)
        memcpy(p, i + 1 < n ? "{}," : "{} ", 3);
    memcpy(p - 1, "]}", 2);
    p[1] = '\0';
    assert_int_equal(parse_bad(line, strlen(line)), KL_CAUSE_TOO_LONG);
    assert_non_null(strstr(errbuf, "more than 400000 JSON values"));
    /* The same brackets inside a string are text. */
    head = "{\"messages\":[{\"role\":\"user\",\"content\":\"";
    memcpy(line, head, strlen(head));
    p = line + strlen(head);
    for (size_t i = 0; i < n; i++, p += 3)
        memcpy(p, i % 2 ? "{\\\"" : "[],", 3);
    memcpy(p, "\"}]}", 5);
    kl_conv c;
    parse_ok(line, &c);
    kl_conv_free(&c);
    free(line);
}

static void test_line_reader_lines(void **state)
{
    (void)state;
    /* BOM, CRLF, a blank line, a 200 KB line crossing chunks, a line over the cap, no final newline. */
    size_t big = 200000, huge = 300000;
    size_t cap = 250000;
    char *data = malloc(big + huge + 100);
    size_t n = 0;
    n += (size_t)sprintf(data + n, "\xEF\xBB\xBF" "first\r\n\n");
    memset(data + n, 'b', big);
    n += big;
    data[n++] = '\n';
    memset(data + n, 'h', huge);
    n += huge;
    n += (size_t)sprintf(data + n, "\nlast");
    for (int gzip = 0; gzip <= 1; gzip++) {
        const char *path = write_tmp(data, n, gzip);
        char err[256];
        kl_line_reader *r = kl_line_reader_open(path, cap, err, sizeof err);
        assert_non_null(r);
        const char *line;
        size_t len;
        assert_int_equal(kl_line_reader_next(r, &line, &len), KL_LINE_OK);
        assert_int_equal(len, 5);
        assert_memory_equal(line, "first", 5);
        assert_int_equal(kl_line_reader_next(r, &line, &len), KL_LINE_OK);
        assert_int_equal(len, 0);
        assert_int_equal(kl_line_reader_next(r, &line, &len), KL_LINE_OK);
        assert_int_equal(len, big);
        assert_true(line[0] == 'b' && line[big - 1] == 'b');
        assert_int_equal(kl_line_reader_next(r, &line, &len), KL_LINE_TOO_LONG);
        assert_int_equal(kl_line_reader_lineno(r), 4);
        assert_int_equal(kl_line_reader_next(r, &line, &len), KL_LINE_OK);
        assert_int_equal(len, 4);
        assert_memory_equal(line, "last", 4);
        assert_int_equal(kl_line_reader_lineno(r), 5);
        assert_int_equal(kl_line_reader_next(r, &line, &len), KL_LINE_EOF);
        assert_true(kl_line_reader_size(r) > 0);
        kl_line_reader_close(r);
        unlink(path);
    }
    free(data);
}

static void test_line_reader_bad_gzip(void **state)
{
    (void)state;
    /* A gzip stream cut in half is an error, not a silent end. */
    char text[20000];
    for (size_t i = 0; i < sizeof text; i++)
        text[i] = i % 50 == 49 ? '\n' : (char)('a' + (i * 7919) % 26);
    const char *path = write_tmp(text, sizeof text, 1);
    FILE *f = fopen(path, "r+");
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fclose(f);
    assert_int_equal(truncate(path, size / 2), 0);
    char err[256];
    kl_line_reader *r = kl_line_reader_open(path, 1000, err, sizeof err);
    assert_non_null(r);
    const char *line;
    size_t len;
    enum kl_line_status st;
    while ((st = kl_line_reader_next(r, &line, &len)) == KL_LINE_OK)
        ;
    assert_int_equal(st, KL_LINE_ERROR);
    assert_non_null(strstr(kl_line_reader_error(r), "gzip"));
    kl_line_reader_close(r);
    unlink(path);

    assert_null(kl_line_reader_open("/nonexistent/x.jsonl", 1000, err, sizeof err));
    assert_non_null(strstr(err, "/nonexistent/x.jsonl: "));
    assert_null(kl_line_reader_open("/tmp", 1000, err, sizeof err));
    assert_non_null(strstr(err, "directory"));
}

static int64_t count_rows(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

static void test_store_dedup_and_batches(void **state)
{
    (void)state;
    char path[] = "/tmp/kleio-ingest-db.XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    unlink(path);
    char err[256];
    sqlite3 *db = kl_workdb_open(path, 1, err, sizeof err);
    assert_non_null(db);
    kl_ingest_store *s = kl_ingest_store_open(db, 2);
    assert_non_null(s);
    kl_conv a, a2, b, other;
    parse_ok("{\"id\":\"a\",\"messages\":[{\"role\":\"user\",\"content\":\"one\"}]}", &a);
    parse_ok("{\"id\":\"a2\",\"messages\":[{\"role\":\"user\",\"content\":\"one\"}]}", &a2);
    parse_ok("{\"id\":\"b\",\"messages\":[{\"role\":\"user\",\"content\":\"two\"}]}", &b);
    parse_ok("{\"id\":\"a\",\"messages\":[{\"role\":\"user\",\"content\":\"changed\"}]}", &other);
    assert_int_equal(kl_ingest_store_put(s, &a, "f:1"), KL_PUT_NEW);
    assert_int_equal(kl_ingest_store_put(s, &a, "f:2"), KL_PUT_DUP_CONTENT);
    assert_int_equal(kl_ingest_store_put(s, &a2, "f:3"), KL_PUT_DUP_CONTENT);
    assert_int_equal(kl_ingest_store_put(s, &other, "f:4"), KL_PUT_ID_CONFLICT);
    assert_int_equal(kl_ingest_store_put(s, &b, "f:5"), KL_PUT_NEW);
    /* Two new rows fill a batch of 2: committed, so another connection sees them. */
    sqlite3 *reader = kl_workdb_open(path, 0, err, sizeof err);
    assert_non_null(reader);
    assert_int_equal(count_rows(reader, "SELECT count(*) FROM conversations"), 2);
    /* The stored row was kept as it was. */
    assert_int_equal(count_rows(reader, "SELECT count(*) FROM conversations WHERE id='a' AND raw LIKE '%one%' AND source='f:1'"), 1);
    kl_ingest_counts c = {.lines = 5, .ingested = 2, .duplicates = 3};
    c.rejected[KL_CAUSE_BAD_JSON] = 4;
    assert_int_equal(kl_ingest_store_log_file(s, "f", 123, &c, true, 1), 0);
    assert_int_equal(count_rows(reader, "SELECT count(*) FROM ingest_files WHERE rejected=4 AND "
                                        "rejected_by_cause='{\"invalid JSON\":4}' AND complete=1"), 1);
    assert_int_equal(kl_ingest_store_close(s), 0);
    kl_workdb_close(reader);
    kl_workdb_close(db);
    kl_conv_free(&a);
    kl_conv_free(&a2);
    kl_conv_free(&b);
    kl_conv_free(&other);
    unlink(path);
    char side[64];
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256_vectors),
        cmocka_unit_test(test_time_formats),
        cmocka_unit_test(test_shape_kleio),
        cmocka_unit_test(test_shape_openai),
        cmocka_unit_test(test_shape_anthropic),
        cmocka_unit_test(test_shape_sharegpt_and_others),
        cmocka_unit_test(test_missing_ids),
        cmocka_unit_test(test_text_roundtrips),
        cmocka_unit_test(test_timestamp_fields),
        cmocka_unit_test(test_bad_lines),
        cmocka_unit_test(test_value_bound),
        cmocka_unit_test(test_line_reader_lines),
        cmocka_unit_test(test_line_reader_bad_gzip),
        cmocka_unit_test(test_store_dedup_and_batches),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
