// GNU readline's globals are not concurrency-safe in Swift 6; these wrappers set and read them.
#ifndef NOVELIST_CREADLINE_SHIM_H
#define NOVELIST_CREADLINE_SHIM_H
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>

static inline void nv_rl_set_catch_signals(int v) { rl_catch_signals = v; rl_catch_sigwinch = 1; }
static inline void nv_rl_set_name(const char *name) { rl_readline_name = name; }
static inline void nv_rl_set_completion(rl_completion_func_t *f) { rl_attempted_completion_function = f; }
static inline void nv_rl_set_completion_append(int c) { rl_completion_append_character = c; }
static inline void nv_rl_no_default_completion(void) { rl_attempted_completion_over = 1; }
static inline const char *nv_rl_line_buffer(void) { return rl_line_buffer; }
static inline int nv_rl_point(void) { return rl_point; }
static inline void nv_rl_set_word_breaks(const char *s) { rl_basic_word_break_characters = s; }
static inline void nv_rl_fresh_line(void) {
    rl_free_line_state();
    rl_callback_sigcleanup();
    rl_replace_line("", 0);
    rl_crlf();
    rl_on_new_line();
    rl_redisplay();
}
static inline void nv_history_stifle(int n) { stifle_history(n); }
static inline void nv_rl_set_display_matches_hook(rl_compdisp_func_t *f) { rl_completion_display_matches_hook = f; }
static inline void nv_rl_replace_buffer(const char *text) { rl_replace_line(text, 0); rl_point = rl_end; }
static inline void nv_rl_bind_edit(rl_command_func_t *f) { rl_bind_keyseq("\\C-x\\C-e", f); }
static inline void nv_rl_enable_bracketed_paste(void) { rl_variable_bind("enable-bracketed-paste", "on"); }
#endif
