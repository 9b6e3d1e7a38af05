/*
 * A real software Class 1 fax modem for MoveDesk's tests.
 *
 * spandsp's T.31 modem is put on a pseudo-terminal (the device name is
 * printed as "PTY <path>"); its audio is wired, through a simulated phone
 * line, to spandsp's own T.30 fax terminal. The driver under test talks
 * AT commands to the pty exactly as it would to a USB modem.
 *
 *   spandsp_peer receive OUT.tif [options]   far end answers and receives
 *   spandsp_peer send IN.tif [options]       far end calls and sends
 *
 * Options: --noise DBM0 (white noise added both ways), --echo DB (the
 * modem hears its own signal back, attenuated), --seconds N (give up),
 * --no-ecm, --no-v17, --log (spandsp's protocol log on stderr),
 * --hits-above BPS (clicks on the modem's short-trained V.17 carriers
 * faster than BPS, i.e. page data but not the training check: every
 * ECM frame arrives damaged at those speeds).
 *
 * Audio runs in 20 ms blocks paced in real time, so the host's timing is
 * tested as on a real line. While the modem holds CTS off the pty is not
 * read, so its transmit buffer never overruns.
 * At the end: "RESULT <completion code> <text> pages=<n>" on stdout.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define SPANDSP_EXPOSE_INTERNAL_STRUCTURES
#include <spandsp.h>

#define BLOCK 160
#define RING_EVERY_BLOCKS 150

struct peer {
    int master;
    int holding;
    int call_requested;
    int answered;
    int connected;
    int on_hook_after_call;
    int far_done;
    int far_code;
    int far_pages;
};

static struct peer peer;

static int at_tx(at_state_t *s, void *user_data, const uint8_t *buf, size_t len)
{
    size_t done = 0;
    (void) s;
    (void) user_data;
    while (done < len) {
        ssize_t n = write(peer.master, buf + done, len - done);
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR) {
                struct pollfd p = {peer.master, POLLOUT, 0};
                poll(&p, 1, 100);
                continue;
            }
            return -1;
        }
        done += (size_t) n;
    }
    return (int) len;
}

static int modem_control(t31_state_t *s, void *user_data, int op, const char *num)
{
    (void) s;
    (void) user_data;
    switch (op) {
    case AT_MODEM_CONTROL_CALL:
        peer.call_requested = 1;
        break;
    case AT_MODEM_CONTROL_ANSWER:
        peer.answered = 1;
        break;
    case AT_MODEM_CONTROL_HANGUP:
    case AT_MODEM_CONTROL_ONHOOK:
        if (peer.connected)
            peer.on_hook_after_call = 1;
        break;
    case AT_MODEM_CONTROL_CTS:
        /* num carries the new state: 0 = stop sending to the modem. */
        peer.holding = ((intptr_t) num == 0);
        break;
    default:
        break;
    }
    return 0;
}

static void phase_e(t30_state_t *s, void *user_data, int completion_code)
{
    t30_stats_t stats;
    (void) user_data;
    t30_get_transfer_statistics(s, &stats);
    peer.far_done = 1;
    peer.far_code = completion_code;
    peer.far_pages = stats.pages_tx > stats.pages_rx ? stats.pages_tx : stats.pages_rx;
}

static int16_t clip(int value)
{
    return (int16_t) (value > 32767 ? 32767 : value < -32768 ? -32768 : value);
}

static void tick(struct timespec *next)
{
    next->tv_nsec += 20000000L;
    if (next->tv_nsec >= 1000000000L) {
        next->tv_nsec -= 1000000000L;
        next->tv_sec++;
    }
    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, next, NULL);
}

int main(int argc, char *argv[])
{
    int far_sends;
    const char *file;
    float noise_dbm0 = -999.0f;
    float echo_db = -999.0f;
    int seconds = 300;
    int ecm = 1;
    int v17 = 1;
    int logging = 0;
    int hits_above = 0;
    int i;

    if (argc < 3 || (strcmp(argv[1], "send") != 0 && strcmp(argv[1], "receive") != 0)) {
        fprintf(stderr, "usage: %s send|receive FILE.tif [--noise DBM0] [--echo DB] [--seconds N]\n", argv[0]);
        return 2;
    }
    far_sends = strcmp(argv[1], "send") == 0;
    file = argv[2];
    for (i = 3; i < argc; i++) {
        if (strcmp(argv[i], "--noise") == 0 && i + 1 < argc)
            noise_dbm0 = (float) atof(argv[++i]);
        else if (strcmp(argv[i], "--echo") == 0 && i + 1 < argc)
            echo_db = (float) atof(argv[++i]);
        else if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc)
            seconds = atoi(argv[++i]);
        else if (strcmp(argv[i], "--no-ecm") == 0)
            ecm = 0;
        else if (strcmp(argv[i], "--no-v17") == 0)
            v17 = 0;
        else if (strcmp(argv[i], "--hits-above") == 0 && i + 1 < argc)
            hits_above = atoi(argv[++i]);
        else if (strcmp(argv[i], "--log") == 0)
            logging = 1;
    }

    peer.master = posix_openpt(O_RDWR | O_NOCTTY);
    if (peer.master < 0 || grantpt(peer.master) || unlockpt(peer.master)) {
        perror("pty");
        return 1;
    }
    const char *slave_name = ptsname(peer.master);
    /* Keep our own handle on the slave, raw, so the pty survives the
       driver opening and closing it. */
    int slave = open(slave_name, O_RDWR | O_NOCTTY);
    struct termios raw;
    tcgetattr(slave, &raw);
    cfmakeraw(&raw);
    tcsetattr(slave, TCSANOW, &raw);
    fcntl(peer.master, F_SETFL, fcntl(peer.master, F_GETFL) | O_NONBLOCK);
    printf("PTY %s\n", slave_name);
    fflush(stdout);

    t31_state_t *modem = t31_init(NULL, at_tx, NULL, modem_control, NULL, NULL, NULL);
    fax_state_t *far = fax_init(NULL, far_sends);
    t30_state_t *t30 = fax_get_t30_state(far);
    t30_set_tx_ident(t30, far_sends ? "0399990001" : "0399990002");
    t30_set_supported_modems(t30, T30_SUPPORT_V27TER | T30_SUPPORT_V29 | (v17 ? T30_SUPPORT_V17 : 0));
    t30_set_supported_compressions(t30, T30_SUPPORT_T4_1D_COMPRESSION | T30_SUPPORT_T4_2D_COMPRESSION
                                            | T30_SUPPORT_T6_COMPRESSION);
    t30_set_ecm_capability(t30, ecm);
    t30_set_phase_e_handler(t30, phase_e, NULL);
    if (far_sends)
        t30_set_tx_file(t30, file, -1, -1);
    else
        t30_set_rx_file(t30, file, -1);
    if (logging) {
        int level = SPAN_LOG_SHOW_SEVERITY | SPAN_LOG_SHOW_PROTOCOL | SPAN_LOG_FLOW;
        span_log_set_level(t30_get_logging_state(t30), level);
        span_log_set_level(t31_get_logging_state(modem), level);
    }

    awgn_state_t *noise_a = NULL, *noise_b = NULL;
    if (noise_dbm0 > -100.0f) {
        noise_a = awgn_init_dbm0(NULL, 1234567, noise_dbm0);
        noise_b = awgn_init_dbm0(NULL, 7654321, noise_dbm0);
    }
    float echo_gain = echo_db > -100.0f ? powf(10.0f, echo_db / 20.0f) : 0.0f;

    int16_t from_modem[BLOCK], from_far[BLOCK], to_modem[BLOCK], to_far[BLOCK];
    char text[BLOCK];
    struct timespec next;
    clock_gettime(CLOCK_MONOTONIC, &next);
    long carrier_samples = 0;
    long blocks = 0, limit = (long) seconds * 50, done_at = -1, ring_blocks = 0;

    for (blocks = 0; blocks < limit; blocks++) {
        /* Host to modem, only while the modem lets it send (CTS). */
        if (!peer.holding) {
            ssize_t n = read(peer.master, text, sizeof(text));
            if (n > 0)
                t31_at_rx(modem, text, (int) n);
        }
        if (!peer.connected) {
            if (peer.call_requested && !far_sends) {
                peer.connected = 1;
                t31_call_event(modem, AT_CALL_EVENT_CONNECTED);
            } else if (far_sends && peer.answered) {
                peer.connected = 1;
                t31_call_event(modem, AT_CALL_EVENT_ANSWERED);
            } else if (far_sends && ring_blocks-- <= 0) {
                t31_call_event(modem, AT_CALL_EVENT_ALERTING);
                ring_blocks = RING_EVERY_BLOCKS;
            }
        }
        int len = t31_tx(modem, from_modem, BLOCK);
        memset(from_modem + len, 0, sizeof(int16_t) * (BLOCK - len));
        if (peer.connected && !peer.on_hook_after_call) {
            len = fax_tx(far, from_far, BLOCK);
            memset(from_far + len, 0, sizeof(int16_t) * (BLOCK - len));
        } else {
            memset(from_far, 0, sizeof(from_far));
        }
        /* Samples into the modem's current short-trained V.17 carrier. */
        int hit = hits_above && modem->modem == FAX_MODEM_V17_TX && modem->short_train
                  && modem->bit_rate > hits_above;
        carrier_samples = hit ? carrier_samples + BLOCK : 0;
        for (i = 0; i < BLOCK; i++) {
            /* After 0.3 s of training, a 1 ms click every 40 ms. */
            if (hit && carrier_samples > 2400 && (carrier_samples + i) % 320 < 8)
                from_modem[i] = (int16_t) ((i & 1) ? 16000 : -16000);
            int a = from_far[i] + (int) (echo_gain * from_modem[i]);
            int b = from_modem[i] + (int) (echo_gain * from_far[i]);
            if (noise_a) {
                a += awgn(noise_a);
                b += awgn(noise_b);
            }
            to_modem[i] = clip(a);
            to_far[i] = clip(b);
        }
        t31_rx(modem, to_modem, BLOCK);
        if (peer.connected)
            fax_rx(far, to_far, BLOCK);
        if ((peer.far_done || peer.on_hook_after_call) && done_at < 0)
            done_at = blocks;
        /* Let the host finish its side (DCN, ATH) before leaving. */
        if (done_at >= 0 && blocks - done_at > 150)
            break;
        tick(&next);
    }
    if (!peer.far_done) {
        t30_terminate(t30);
    }
    printf("RESULT %d %s pages=%d\n", peer.far_code, t30_completion_code_to_str(peer.far_code), peer.far_pages);
    fflush(stdout);
    fax_release(far);
    t31_release(modem);
    close(slave);
    close(peer.master);
    return peer.far_done && peer.far_code == T30_ERR_OK ? 0 : 3;
}
