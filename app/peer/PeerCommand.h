// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// `ipsec-lab peer ...`: parses the command line (argv[1] is "peer"), runs the peer until it is done
// or SIGTERM/SIGINT stops it, and returns the exit code (0 done, 1 failed, 2 bad usage). No Qt: the
// subcommand opens no window and needs no display.

namespace ipseclab::peer {

int runPeerCommand(int argc, char** argv);

} // namespace ipseclab::peer
