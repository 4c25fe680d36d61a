/*
 * lfp-observe.exe: the spec vectors played on the system's own ws2_32, recorded
 * as an lfp-observations/1 file. This header joins the hand-written runtime
 * (play.c: one function per step op; main.c: processes, recording, JSON) and
 * the cases generated from the vectors (spec-tests/c/generate-observer.ts).
 *
 * The runtime plays a step exactly as the Node player does
 * (spec-tests/runner/targets/native/player.ts), so that both record the same
 * answers: out-values pre-filled with 0xDEADBEEF, overlapped completions waited
 * for 200 ms, the OVERLAPPED's Internal read as an NTSTATUS.
 */
#ifndef LFP_OBSERVER_H
#define LFP_OBSERVER_H

#define _WIN32_WINNT 0x0601 /* Windows 7: nothing newer is called */
#define WIN32_LEAN_AND_MEAN
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>

/* Which recording a run makes: the target and the profile its plan follows. */
enum lfp_kind { LFP_WINE = 0, LFP_NATIVE = 1 };

/* Pointer arguments (assembly/shared/layout.ts P_*, OV_*). */
enum { LFP_P_NULL = 0, LFP_P_VALID = 1, LFP_P_INVALID = 2 };
enum { LFP_OV_NULL = 0, LFP_OV_INVALID = 1, LFP_OV_NOEVENT = 2, LFP_OV_EVENT = 3 };
/* What an ioctl step's socket names. */
enum { LFP_H_SOCKET = 0, LFP_H_NOT_A_SOCKET = 1, LFP_H_INVALID_SOCKET = 2 };

/* An IP literal of a vector: family 4 or 6, four big-endian words, the port or -1. */
struct lfp_addr { int family; unsigned long words[4]; int port; };

/* An ioctl step, its fields encoded by the generator (host/call.ts encodeCall). */
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
};

/* ret values beyond 0 and -1. */
enum { LFP_RET_CRASH = 1, LFP_RET_UNAVAILABLE = 2 };
enum { LFP_VIA_NONE = 0, LFP_VIA_EVENT = 1, LFP_VIA_ROUTINE = 2 };

/* One step's actual (spec-tests/runner/target.ts StepActual): which fields it has, and their values. */
struct lfp_actual
{
    unsigned char has_ret, has_error, has_errno, has_bytes, has_completion, has_completed, has_received, note;
    int ret;
    DWORD error;
    int bytes_untouched;
    DWORD bytes;
    int completion_null;
    int via, has_flags, channels_routine, faults;
    DWORD status, transferred, flags;
    int completed;
    DWORD received;
};

struct lfp_play; /* one case being played (play.c) */

/* The step functions the generated cases call; each records its step's actual. */
void lfp_socket(struct lfp_play *p, int step, const char *as, int af, int type, int protocol, DWORD flags);
void lfp_bind(struct lfp_play *p, int step, const char *s, const struct lfp_addr *a);
void lfp_listen(struct lfp_play *p, int step, const char *s);
void lfp_connect_socket(struct lfp_play *p, int step, const char *s, const char *to);
void lfp_connect_addr(struct lfp_play *p, int step, const char *s, const struct lfp_addr *to);
void lfp_accept(struct lfp_play *p, int step, const char *s, const char *as);
void lfp_ioctl(struct lfp_play *p, int step, const struct lfp_ioctl *call);
void lfp_setsockopt(struct lfp_play *p, int step, const char *s, int level, int name, DWORD value);
void lfp_send(struct lfp_play *p, int step, const char *s, DWORD bytes, const char *as);
void lfp_recv(struct lfp_play *p, int step, const char *s, DWORD bytes);
void lfp_close(struct lfp_play *p, int step, const char *s);
void lfp_wait(struct lfp_play *p, int step, const char *operation);
void lfp_cancel(struct lfp_play *p, int step, const char *s, const char *operation);
void lfp_condition(struct lfp_play *p, int step);
/* A step this program has no way to make (the reason says why): the case fails there, as in the Node player. */
void lfp_cannot(struct lfp_play *p, int step, const char *reason);

/* A step not run on a target, with the reason (spec-tests/runner/features.ts). */
struct lfp_skip { int step; const char *reason; };

/* How one case is planned for one kind of recording. */
struct lfp_plan
{
    int planned;                 /* the case applies to the kind's profile */
    int isolate;                 /* it may end its process: a process of its own */
    const char *skip;            /* no step can run: why (the case is recorded as skipped) */
    const struct lfp_skip *skipped;
    int nskipped;
    const int *pending_expected; /* steps whose vector expects WSA_IO_PENDING for the profile */
    int npending_expected;
    const char *profile;
};

/* A case of the vectors, generated. */
struct lfp_case
{
    const char *id, *file;
    void (*play)(struct lfp_play *p);
    int steps;
    int startup; /* 0: the case runs without WSAStartup */
    struct lfp_plan plan[2];
};

extern const struct lfp_case lfp_cases[];
extern const int lfp_case_count;
extern const char lfp_vectors_digest[];
extern const char lfp_package_version[];

/* Resources opened and closed (the balance the Node target checks too). */
struct lfp_stats { long startups, cleanups, sockets_opened, sockets_closed, events_created, events_closed, calls; };

/* Play case `c` on this process's ws2_32; each step's actual goes to `on_step`. */
typedef void (*lfp_step_sink)(int step, const struct lfp_actual *a, int returned_only);
void lfp_play_case(const struct lfp_case *c, const unsigned char *skip, lfp_step_sink sink, char *problem, size_t problem_size, struct lfp_stats *stats);

/* The bounded waits of the Node player (player.ts), in milliseconds. */
#define LFP_COMPLETION_WAIT_MS 200
#define LFP_RECV_FIRST_BYTE_MS 200
#define LFP_RECV_IDLE_MS 1000

#endif
