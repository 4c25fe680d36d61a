/*
 * The step mechanics of the spec vectors in C: one function per step op, each
 * making its Winsock calls and reading the outcome as the Node player does
 * (spec-tests/runner/targets/native/player.ts), into the fields `lfp observe`
 * records. Shared by lfp-observe.exe and the Wine-style conformance test (which
 * carries a copy of this file and steps.c, so it is one file in Wine's tree).
 * Nothing here depends on the project: Winsock, kernel32 and the C library.
 */
#ifndef LFP_STEPS_H
#define LFP_STEPS_H

#ifndef _WIN32_WINNT
#define _WIN32_WINNT 0x0601 /* Windows 7: nothing newer is called */
#endif
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <stdio.h>
#include <string.h>

/* Pointer arguments (the model's layout: assembly/shared/layout.ts P_*, OV_*). */
enum { LFP_P_NULL = 0, LFP_P_VALID = 1, LFP_P_INVALID = 2 };
enum { LFP_OV_NULL = 0, LFP_OV_INVALID = 1, LFP_OV_NOEVENT = 2, LFP_OV_EVENT = 3 };
/* What an ioctl step's socket names. */
enum { LFP_H_SOCKET = 0, LFP_H_NOT_A_SOCKET = 1, LFP_H_INVALID_SOCKET = 2 };

/* An IP literal of a vector: family 4 or 6, four big-endian words, the port or -1. */
struct lfp_addr { int family; unsigned long words[4]; int port; };

/* An ioctl step's arguments, encoded as the model encodes them (host/call.ts encodeCall). */
struct lfp_ioctl
{
    int handle;              /* LFP_H_* */
    const char *socket;      /* LFP_H_SOCKET: the case's socket (a closed one included) */
    int wsp;                 /* api WSPIoctl */
    DWORD code;
    int in_kind;             /* LFP_P_* */
    const unsigned char *in; /* in_len bytes handed over */
    DWORD in_len, cb_in;
    int out_kind;
    DWORD out_len, cb_out;
    int bytes_returned;      /* LFP_P_* */
    int overlapped;          /* LFP_OV_* */
    int routine;             /* LFP_P_* */
    const char *as;          /* names the operation started, for wait and cancel */
    int on_thread;           /* made on the case's issuing thread: an exitThread step follows */
};

/* ret values beyond 0 and -1. */
enum { LFP_RET_CRASH = 1, LFP_RET_UNAVAILABLE = 2 };
enum { LFP_VIA_NONE = 0, LFP_VIA_EVENT = 1, LFP_VIA_ROUTINE = 2 };

/* What one step did (spec-tests/runner/target.ts StepActual): which fields it has, and their values. */
struct lfp_actual
{
    unsigned char has_ret, has_error, has_errno, has_bytes, has_completion, has_completed, has_received, note;
    int ret;
    DWORD error;
    int bytes_untouched;
    DWORD bytes;
    int completion_null; /* has_completion: no overlapped operation was started */
    int via, has_flags, channels_routine, faults;
    DWORD status, transferred, flags;
    int completed;
    DWORD received;
};

/* Resources opened and closed (the balance the Node target checks too). */
struct lfp_stats { long startups, cleanups, sockets_opened, sockets_closed, events_created, events_closed, calls, threads_started, threads_ended; };

struct lfp_entry
{
    const char *name;
    SOCKET s;
    int closed, family, bound, listening, listen_order;
    struct lfp_addr addr;
};

struct lfp_pending; /* an overlapped operation (steps.c) */
struct lfp_thread;  /* a case's issuing thread (steps.c) */
struct lfp_block;

#define LFP_MAX_SOCKETS 96

/* One case being played: its sockets, operations and memory. */
struct lfp_state
{
    struct lfp_stats *stats;
    char problem[512]; /* why a step could not run */
    int started, drained;
    struct lfp_entry sockets[LFP_MAX_SOCKETS];
    int nsockets, listen_count;
    struct lfp_pending *pendings;
    struct lfp_block *blocks;
    struct lfp_thread *thread;  /* the issuing thread running now (NULL: none) */
    struct lfp_thread *threads; /* every issuing thread the case started */
    /* Told what an ioctl with a completion routine returned before the alertable wait where the routine runs (may be NULL). */
    void (*returned)(struct lfp_state *st, const struct lfp_actual *a);
};

/* The bounded waits of the Node player, in milliseconds. */
#define LFP_COMPLETION_WAIT_MS 200
#define LFP_RECV_FIRST_BYTE_MS 200
#define LFP_RECV_IDLE_MS 1000

/* Start a case (WSAStartup, or none: `startup` 0 undoes every WSAStartup of the process until the case ends) and end it (closes what is open). */
int lfp_begin_case(struct lfp_state *st, struct lfp_stats *stats, int startup);
void lfp_end_case(struct lfp_state *st);

/* The steps: 1 when the step ran (its outcome in *a), 0 when it could not (st->problem says why). */
int lfp_socket(struct lfp_state *st, const char *as, int af, int type, int protocol, DWORD flags, struct lfp_actual *a);
int lfp_bind(struct lfp_state *st, const char *s, const struct lfp_addr *addr, struct lfp_actual *a);
int lfp_listen(struct lfp_state *st, const char *s, struct lfp_actual *a);
int lfp_connect_socket(struct lfp_state *st, const char *s, const char *to, struct lfp_actual *a);
int lfp_connect_addr(struct lfp_state *st, const char *s, const struct lfp_addr *to, struct lfp_actual *a);
int lfp_accept(struct lfp_state *st, const char *s, const char *as, struct lfp_actual *a);
int lfp_ioctl(struct lfp_state *st, const struct lfp_ioctl *call, struct lfp_actual *a);
int lfp_setsockopt(struct lfp_state *st, const char *s, int level, int name, DWORD value, struct lfp_actual *a);
int lfp_send(struct lfp_state *st, const char *s, DWORD bytes, struct lfp_actual *a);
int lfp_recv(struct lfp_state *st, const char *s, DWORD bytes, struct lfp_actual *a);
int lfp_close(struct lfp_state *st, const char *s, struct lfp_actual *a);
int lfp_wait(struct lfp_state *st, const char *operation, struct lfp_actual *a);
int lfp_cancel(struct lfp_state *st, const char *s, const char *operation, int on_thread, struct lfp_actual *a);
int lfp_exit_thread(struct lfp_state *st, struct lfp_actual *a);
int lfp_condition(struct lfp_state *st, struct lfp_actual *a);
int lfp_cannot(struct lfp_state *st, const char *reason);

#endif
