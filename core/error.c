/* error.c — the QK_ERROR domain. */
#include "error.h"

G_DEFINE_QUARK(qk-error-quark, qk_error)
