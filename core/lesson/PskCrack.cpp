// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "lesson/PskCrack.h"

#include "ike/Event.h"
#include "ike/Keymat.h"

namespace ipseclab::lesson {

namespace {

using ike::DatagramInfo;

const DatagramInfo* sentDatagram(const lab::Timeline& timeline, lab::Origin site, const std::string& id) {
    const lab::LabEvent* e = timeline.datagram(site, id);
    if (!e || !e->ike()) return nullptr;
    return e->ike()->as<DatagramInfo>();
}

// A datagram with its clear fields, decoded once for all the fields read from it.
struct Fields {
    const DatagramInfo& d;
    wire::Annotations annotations = d.annotations();
};

// A clear field's bytes, by key (annotation offsets count in the UDP payload).
Result<Bytes> field(const Fields& f, const std::string& key, std::size_t skip = 0) {
    const DatagramInfo& d = f.d;
    const wire::Annotation* a = wire::findAnnotation(f.annotations, key);
    if (!a) return fail(d.datagramId + " has no field " + key + " in clear");
    if (a->offset + a->length > d.udpPayload.size() || a->length < skip)
        return fail(d.datagramId + " " + key + ": the annotation lies outside the datagram");
    const auto begin = d.udpPayload.begin() + static_cast<std::ptrdiff_t>(a->offset + skip);
    return Bytes(begin, begin + static_cast<std::ptrdiff_t>(a->length - skip));
}

} // namespace

std::string AggressiveModeCapture::toPskCrackLine() const {
    std::string out;
    for (const Bytes* b : {&gxr, &gxi, &ckyR, &ckyI, &saiB, &idirB, &niB, &nrB, &hashR})
        out += (out.empty() ? "" : ":") + toHex(*b);
    return out;
}

Result<AggressiveModeCapture> captureAggressiveMode(const lab::Timeline& timeline) {
    const DatagramInfo* am1 = sentDatagram(timeline, lab::Origin::SiteA, "AM1");
    const DatagramInfo* am2 = sentDatagram(timeline, lab::Origin::SiteB, "AM2");
    if (!am1 || !am2) return fail("no Aggressive Mode exchange on the timeline yet (AM1 and AM2 are needed)");
    if (am2->encrypted) return fail("AM2 is encrypted: nothing to copy off the wire");

    const Fields fields1{*am1}, fields2{*am2};
    AggressiveModeCapture c;
    // The header bytes of the cookies, the generic headers (4 bytes) cut off SA and ID: the
    // "_b" bodies of RFC 2409.
    struct Want {
        Bytes* into;
        const Fields* from;
        const char* key;
        std::size_t skip;
    };
    const Want wants[] = {
        {&c.gxr, &fields2, "isakmp.key_exchange.data", 0},
        {&c.gxi, &fields1, "isakmp.key_exchange.data", 0},
        {&c.ckyR, &fields2, "isakmp.rspi", 0},
        {&c.ckyI, &fields2, "isakmp.ispi", 0},
        {&c.saiB, &fields1, "ipseclab.isakmp.payload.sa", 4},
        {&c.idirB, &fields2, "ipseclab.isakmp.payload.id", 4},
        {&c.niB, &fields1, "isakmp.nonce", 0},
        {&c.nrB, &fields2, "isakmp.nonce", 0},
        {&c.hashR, &fields2, "isakmp.hash", 0},
    };
    for (const Want& w : wants) {
        auto bytes = field(*w.from, w.key, w.skip);
        if (!bytes) return tl::unexpected(bytes.error());
        *w.into = std::move(*bytes);
    }
    auto hashId = field(fields2, "isakmp.ike.attr.hash_algorithm");
    if (!hashId) return tl::unexpected(hashId.error());
    if (hashId->size() != 2) return fail("AM2's Hash Algorithm attribute is not 2 bytes long");
    auto hash = crypto::hashFromIkeId(readU16(*hashId, 0));
    if (!hash) return tl::unexpected(hash.error());
    c.hash = *hash;
    return c;
}

std::string PskCrackResult::describe() const {
    if (key)
        return "found \"" + *key + "\" after " + std::to_string(tried) + " of " + std::to_string(candidates) + " words";
    return "no match in " + std::to_string(candidates) + " words";
}

PskCrackResult crackPsk(const AggressiveModeCapture& c, std::span<const std::string> words) {
    using ike::Part;
    using ike::Source;
    PskCrackResult result;
    result.candidates = words.size();
    const Source wire = Source::constant("copied off the wire");
    const Part niB{"Ni_b", c.niB, wire}, nrB{"Nr_b", c.nrB, wire}, gxr{"g^xr", c.gxr, wire}, gxi{"g^xi", c.gxi, wire},
        ckyR{"CKY-R", c.ckyR, wire}, ckyI{"CKY-I", c.ckyI, wire}, saiB{"SAi_b", c.saiB, wire},
        idirB{"IDir_b", c.idirB, wire};
    for (const std::string& word : words) {
        ++result.tried;
        const Bytes candidate = bytesOf(word);
        const ike::Derivation skeyid =
            ike::keymat::skeyid(c.hash, Part{"pre-shared-key", candidate, Source::local("a guess")}, niB, nrB);
        const ike::Derivation hashR = ike::keymat::hashR(c.hash, ike::partOf(skeyid, "SKEYID"), gxr, gxi, ckyR, ckyI,
                                                         saiB, idirB);
        const ByteView computed = hashR.value.view();
        if (computed.size() == c.hashR.size() && std::equal(computed.begin(), computed.end(), c.hashR.begin())) {
            result.key = word;
            return result;
        }
    }
    return result;
}

} // namespace ipseclab::lesson
