/*
 * floor: the lower bound for `enkat check`. For every file it reads the whole file into memory
 * and runs libyaml's event parser over it (yaml_parser_parse until STREAM_END, deleting each
 * event) and nothing else: no tree, no validation, no output but a summary on stderr.
 *
 *   cc -O2 -o bench/floor bench/floor.c $(pkg-config --cflags --libs yaml-0.1) -lpthread
 *   bench/floor [-j THREADS] PATH...
 *
 * A PATH that is a folder stands for the .yaml/.yml files directly in it, sorted. With -j 2 the
 * files are shared between two threads (each takes the next file from a common counter), as
 * `enkat check` may use both cores. Exit status 1 when a file cannot be read or parsed.
 */
#include <dirent.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

static char **files;
static size_t file_count, file_capacity;
static atomic_size_t next_file;
static atomic_int failures;

struct totals {
    unsigned long long bytes, events;
};

static void add_file(const char *path) {
    if (file_count == file_capacity) {
        file_capacity = file_capacity ? file_capacity * 2 : 256;
        files = realloc(files, file_capacity * sizeof *files);
        if (!files) { perror("realloc"); exit(2); }
    }
    files[file_count++] = strdup(path);
}

static int by_name(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_yaml(const char *name) {
    size_t n = strlen(name);
    return name[0] != '.' && ((n > 5 && strcmp(name + n - 5, ".yaml") == 0) || (n > 4 && strcmp(name + n - 4, ".yml") == 0));
}

static void add_path(const char *path) {
    struct stat st;
    if (stat(path, &st) != 0) { perror(path); exit(2); }
    if (!S_ISDIR(st.st_mode)) { add_file(path); return; }
    DIR *dir = opendir(path);
    if (!dir) { perror(path); exit(2); }
    size_t first = file_count;
    struct dirent *entry;
    char buffer[4096];
    while ((entry = readdir(dir)) != NULL) {
        if (!is_yaml(entry->d_name)) continue;
        snprintf(buffer, sizeof buffer, "%s/%s", path, entry->d_name);
        add_file(buffer);
    }
    closedir(dir);
    qsort(files + first, file_count - first, sizeof *files, by_name);
}

/* Reads `path` whole and runs the event loop over it. */
static void parse_file(const char *path, struct totals *totals) {
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); atomic_fetch_add(&failures, 1); return; }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *data = malloc(size > 0 ? (size_t)size : 1);
    if (!data || fread(data, 1, (size_t)size, f) != (size_t)size) {
        perror(path);
        fclose(f);
        free(data);
        atomic_fetch_add(&failures, 1);
        return;
    }
    fclose(f);

    yaml_parser_t parser;
    yaml_event_t event;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, data, (size_t)size);
    for (;;) {
        if (!yaml_parser_parse(&parser, &event)) {
            fprintf(stderr, "%s:%zu:%zu: %s\n", path, parser.problem_mark.line + 1, parser.problem_mark.column + 1,
                    parser.problem ? parser.problem : "syntax error");
            atomic_fetch_add(&failures, 1);
            break;
        }
        totals->events++;
        int done = event.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&event);
        if (done) break;
    }
    yaml_parser_delete(&parser);
    free(data);
    totals->bytes += (unsigned long long)size;
}

static void *worker(void *arg) {
    struct totals *totals = arg;
    for (;;) {
        size_t index = atomic_fetch_add(&next_file, 1);
        if (index >= file_count) break;
        parse_file(files[index], totals);
    }
    return NULL;
}

int main(int argc, char **argv) {
    int threads = 1;
    int quiet = 0;
    int i = 1;
    for (; i < argc; i++) {
        if (strcmp(argv[i], "-j") == 0 && i + 1 < argc) {
            threads = atoi(argv[++i]);
        } else if (strncmp(argv[i], "-j", 2) == 0 && argv[i][2]) {
            threads = atoi(argv[i] + 2);
        } else if (strcmp(argv[i], "-q") == 0) {
            quiet = 1;
        } else if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "usage: %s [-j THREADS] [-q] PATH...\n", argv[0]);
            return 2;
        } else {
            break;
        }
    }
    if (threads < 1 || threads > 64 || i >= argc) {
        fprintf(stderr, "usage: %s [-j THREADS] [-q] PATH...\n", argv[0]);
        return 2;
    }
    for (; i < argc; i++) add_path(argv[i]);

    struct totals *totals = calloc((size_t)threads, sizeof *totals);
    pthread_t *ids = calloc((size_t)threads, sizeof *ids);
    for (int t = 1; t < threads; t++) pthread_create(&ids[t], NULL, worker, &totals[t]);
    worker(&totals[0]);
    for (int t = 1; t < threads; t++) pthread_join(ids[t], NULL);

    unsigned long long bytes = 0, events = 0;
    for (int t = 0; t < threads; t++) {
        bytes += totals[t].bytes;
        events += totals[t].events;
    }
    if (!quiet)
        fprintf(stderr, "floor: %zu files, %llu bytes, %llu events, %d thread(s), %d failure(s)\n",
                file_count, bytes, events, threads, atomic_load(&failures));
    return atomic_load(&failures) ? 1 : 0;
}
