// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// ISAKMP's fields (RFC 2408, 2407, 3947), registered once: Wireshark's packet-isakmp.c keys where
// it has one. Payload containers are ours ("ipseclab.isakmp.payload.nonce"): Wireshark names
// every payload isakmp.typepayload, which cannot tell a lesson which one it means.

#include <cstdint>
#include <span>

#include "wire/Field.h"
#include "wire/IsakmpConstants.h"

namespace ipseclab::wire::isakmp_fields {

// ---- the header (RFC 2408 §3.1) ----
inline constexpr Field kHeader{"ipseclab.isakmp.header", "ISAKMP Header", FieldType::None,
                               "fixed 28-byte header: who (cookies), which exchange, and how long the message is"};
inline constexpr Field kInitiatorCookie{
    "isakmp.ispi", "Initiator Cookie", FieldType::Bytes,
    "CKY-I: random value chosen by the initiator; with CKY-R it names the ISAKMP SA"};
inline constexpr Field kResponderCookie{"isakmp.rspi", "Responder Cookie", FieldType::Bytes,
                                        "CKY-R: random value chosen by the responder in its first reply"};
inline constexpr Field kNextPayload{"isakmp.nextpayload", "Next Payload", FieldType::Unsigned,
                                    "type of the first payload; readable even when the payloads are encrypted"};
inline constexpr Field kVersion{"isakmp.version", "Version", FieldType::Hex,
                                "ISAKMP major version 1, minor 0: IKEv1 (IKEv2 would be 2.0)"};
inline constexpr Field kExchangeType{"isakmp.exchangetype", "Exchange Type", FieldType::Unsigned,
                                     "which exchange this message belongs to"};
inline constexpr Field kFlags{"isakmp.flags", "Flags", FieldType::Hex,
                              "E (encrypted), C (commit: not acted on, as in strongSwan), A (authentication only)"};
inline constexpr Field kMessageId{
    "isakmp.messageid", "Message ID", FieldType::Hex,
    "identifies this Quick Mode or Informational exchange; it also feeds its IV and HASH"};
inline constexpr Field kLength{
    "isakmp.length", "Length", FieldType::Unsigned,
    "total length of the message: this header plus all payloads (plus padding when encrypted)"};
inline constexpr Field kEncrypted{"ipseclab.isakmp.encrypted", "Encrypted Payloads", FieldType::Bytes,
                                  "the payload chain and its padding, encrypted (CBC) with the phase-1 key"};
inline constexpr Field kPadding{"ipseclab.isakmp.padding", "Padding", FieldType::Bytes,
                                "bytes after the last payload: cipher-block filler, or alignment"};
// A range of the decrypted chain that HASH(1) covers: a derivation's input, not an annotated field.
inline constexpr Field kAfterHash{"ipseclab.isakmp.after_hash", "payloads after HASH", FieldType::Bytes,
                                  "the payloads after the HASH payload, which HASH(1), HASH(2) and HASH(1) of an "
                                  "Informational exchange cover"};

// ---- the generic payload header (§3.2), shared by payloads, proposals and transforms ----
inline constexpr Field kReserved{"isakmp.reserved", "Reserved", FieldType::Bytes, "must be zero"};
inline constexpr Field kPayloadLength{"isakmp.payloadlength", "Payload Length", FieldType::Unsigned,
                                      "length of this payload, its 4-byte generic header included"};

// ---- payload containers, one per type ----
inline constexpr Field kPayloadSa{"ipseclab.isakmp.payload.sa", "SA", FieldType::None, "Security Association payload"};
inline constexpr Field kPayloadKe{"ipseclab.isakmp.payload.ke", "KE", FieldType::None, "Key Exchange payload"};
inline constexpr Field kPayloadId{"ipseclab.isakmp.payload.id", "ID", FieldType::None, "Identification payload"};
inline constexpr Field kPayloadCert{"ipseclab.isakmp.payload.cert", "CERT", FieldType::None, "Certificate payload"};
inline constexpr Field kPayloadCr{"ipseclab.isakmp.payload.cr", "CR", FieldType::None, "Certificate Request payload"};
inline constexpr Field kPayloadHash{"ipseclab.isakmp.payload.hash", "HASH", FieldType::None, "Hash payload"};
inline constexpr Field kPayloadSig{"ipseclab.isakmp.payload.sig", "SIG", FieldType::None, "Signature payload"};
inline constexpr Field kPayloadNonce{"ipseclab.isakmp.payload.nonce", "NONCE", FieldType::None, "Nonce payload"};
inline constexpr Field kPayloadNotification{"ipseclab.isakmp.payload.notification", "Notification", FieldType::None,
                                            "Notification payload"};
inline constexpr Field kPayloadDelete{"ipseclab.isakmp.payload.delete", "Delete", FieldType::None, "Delete payload"};
inline constexpr Field kPayloadVendorId{"ipseclab.isakmp.payload.vid", "VID", FieldType::None, "Vendor ID payload"};
inline constexpr Field kPayloadNatD{"ipseclab.isakmp.payload.natd", "NAT-D", FieldType::None, "NAT Discovery payload"};
inline constexpr Field kPayloadNatOa{"ipseclab.isakmp.payload.natoa", "NAT-OA", FieldType::None,
                                     "NAT Original Address payload"};
inline constexpr Field kPayloadOther{"ipseclab.isakmp.payload.other", "Payload", FieldType::None,
                                     "a payload type the lab keeps as it is"};
inline constexpr Field kProposal{"ipseclab.isakmp.proposal", "Proposal", FieldType::None,
                                 "one offer: a protocol (ISAKMP, ESP, AH) with the transforms acceptable for it"};
inline constexpr Field kTransform{
    "ipseclab.isakmp.transform", "Transform", FieldType::None,
    "one acceptable set of algorithms and lifetimes; the responder returns the one it picked"};

// ---- SA, Proposal, Transform (§3.4–3.6) ----
inline constexpr Field kSaDoi{"isakmp.sa.doi", "Domain of Interpretation", FieldType::Unsigned,
                              "the IPsec DOI (RFC 2407) defines the numbers used inside"};
inline constexpr Field kSaSituation{
    "isakmp.sa.situation", "Situation", FieldType::Bytes,
    "the SA is identified by the peers' identities only (no secrecy or integrity labels)"};
inline constexpr Field kProposalNumber{
    "isakmp.prop.number", "Proposal Number", FieldType::Unsigned,
    "proposals with the same number form one bundle (AND); different numbers are alternatives (OR)"};
inline constexpr Field kProposalProtocol{"isakmp.prop.protoid", "Protocol ID", FieldType::Unsigned,
                                         "the security protocol this proposal negotiates"};
inline constexpr Field kSpiSize{"isakmp.spisize", "SPI Size", FieldType::Unsigned,
                                "0 in phase 1 (the cookies are the SPI); 4 for ESP and AH"};
inline constexpr Field kTransformCount{"isakmp.prop.transforms", "Number of Transforms", FieldType::Unsigned,
                                       "how many Transform payloads follow; the responder answers with exactly one"};
inline constexpr Field kSpi{"isakmp.spi", "SPI", FieldType::Bytes, "the SPI the sender wants to receive on"};
inline constexpr Field kTransformNumber{"isakmp.trans.number", "Transform Number", FieldType::Unsigned,
                                        "the responder echoes this number to say which transform it picked"};
inline constexpr Field kTransformId{"isakmp.trans.id", "Transform ID", FieldType::Unsigned,
                                    "transform identifier of this protocol"};

// ---- KE, HASH, NONCE, SIG, VID, NAT-D: one opaque value each ----
inline constexpr Field kKeyExchangeData{
    "isakmp.key_exchange.data", "Key Exchange Data", FieldType::Bytes,
    "g^x: the sender's Diffie-Hellman public value, padded to the group's full length"};
inline constexpr Field kHashData{
    "isakmp.hash", "Hash Data", FieldType::Bytes,
    "prf output: HASH_I/HASH_R in phase 1, HASH(1)/(2)/(3) in Quick Mode, HASH(1) in Informational"};
inline constexpr Field kNonceData{"isakmp.nonce", "Nonce Data", FieldType::Bytes,
                                  "fresh random bytes (Ni/Nr) that make the keys of this exchange unique"};
inline constexpr Field kSignatureData{"isakmp.sig", "Signature Data", FieldType::Bytes,
                                      "signature over HASH_I or HASH_R"};
inline constexpr Field kVendorId{"isakmp.vid_bytes", "Vendor ID", FieldType::Bytes,
                                 "a hash or string naming an implementation or an extension it supports"};
inline constexpr Field kNatHash{
    "isakmp.ike.nat_hash", "Hash of Address and Port", FieldType::Bytes,
    "hash(CKY-I | CKY-R | IP | port): the first NAT-D is the receiver's address, the others "
    "the sender's; a mismatch reveals a NAT"};
inline constexpr Field kPayloadData{"ipseclab.isakmp.payload_data", "Payload Data", FieldType::Bytes,
                                    "the bytes of a payload type the lab does not decode"};

// ---- ID (RFC 2407 §4.6.2) and NAT-OA (RFC 3947 §5.2) ----
inline constexpr Field kIdType{"isakmp.id.type", "ID Type", FieldType::Unsigned,
                               "what kind of identity follows (address, subnet, name...)"};
inline constexpr Field kIdProtocol{"isakmp.id.protoid", "Protocol ID", FieldType::Unsigned,
                                   "IP protocol the identity applies to; 0 = any (phase 1 uses 0 or UDP 17)"};
inline constexpr Field kIdPort{"isakmp.id.port", "Port", FieldType::Unsigned,
                               "port the identity applies to; 0 = any (phase 1 uses 0 or 500)"};
inline constexpr Field kIdIpv4Address{
    "isakmp.id.data.ipv4_addr", "Identification Data", FieldType::Ipv4,
    "a single address: the peer's address in phase 1, one host as a Quick Mode selector"};
inline constexpr Field kIdIpv6Address{
    "isakmp.id.data.ipv6_addr", "Identification Data", FieldType::None,
    "a single address: the peer's address in phase 1, one host as a Quick Mode selector"};
// A subnet's address is keyed as a single address; Wireshark's "subnet" key is its mask.
inline constexpr Field kIdIpv4Subnet{"isakmp.id.data.ipv4_subnet", "Subnet Mask", FieldType::Ipv4,
                                     "netmask of the protected subnet"};
inline constexpr Field kIdIpv6Subnet{"isakmp.id.data.ipv6_subnet", "Subnet Mask", FieldType::None,
                                     "netmask of the protected subnet"};
inline constexpr Field kIdIpv4RangeStart{"isakmp.id.data.ipv4_range_start", "Range Start", FieldType::Ipv4,
                                         "first address of the protected range"};
inline constexpr Field kIdIpv4RangeEnd{"isakmp.id.data.ipv4_range_end", "Range End", FieldType::Ipv4,
                                       "last address of the protected range"};
inline constexpr Field kIdIpv6RangeStart{"isakmp.id.data.ipv6_range_start", "Range Start", FieldType::None,
                                         "first address of the protected range"};
inline constexpr Field kIdIpv6RangeEnd{"isakmp.id.data.ipv6_range_end", "Range End", FieldType::None,
                                       "last address of the protected range"};
inline constexpr Field kIdFqdn{"isakmp.id.data.fqdn", "Identification Data", FieldType::Text,
                               "a fully qualified domain name, without a terminating NUL"};
inline constexpr Field kIdUserFqdn{"isakmp.id.data.user_fqdn", "Identification Data", FieldType::Text,
                                   "a user@domain name, without a terminating NUL"};
inline constexpr Field kIdKeyId{"isakmp.id.data.key_id", "Identification Data", FieldType::Bytes,
                                "an opaque key identifier"};
inline constexpr Field kIdData{"ipseclab.isakmp.id.data", "Identification Data", FieldType::Bytes,
                               "identity bytes of this type, kept as they are"};
inline constexpr Field kNatOaIdType{"ipseclab.isakmp.natoa.id_type", "ID Type", FieldType::Unsigned,
                                    "ID_IPV4_ADDR or ID_IPV6_ADDR: the kind of address that follows"};
inline constexpr Field kNatOaReserved{"ipseclab.isakmp.natoa.reserved", "Reserved", FieldType::Bytes, "must be zero"};
inline constexpr Field kNatOaIpv4{
    "isakmp.ike.nat_original_address_ipv4", "Original Address", FieldType::Ipv4,
    "the sender's address before any NAT rewrote it (transport mode fixes checksums with it)"};
inline constexpr Field kNatOaIpv6{
    "isakmp.ike.nat_original_address_ipv6", "Original Address", FieldType::None,
    "the sender's address before any NAT rewrote it (transport mode fixes checksums with it)"};
inline constexpr Field kNatOaOther{"ipseclab.isakmp.natoa.address", "Original Address", FieldType::Bytes,
                                   "an original address of an unexpected type, kept as it is"};

// ---- Notification and Delete (§3.14, §3.15) ----
inline constexpr Field kNotifyDoi{"isakmp.notify.doi", "Domain of Interpretation", FieldType::Unsigned,
                                  "the IPsec DOI (RFC 2407) defines the numbers used inside"};
inline constexpr Field kNotifyProtocol{"isakmp.notify.protoid", "Protocol ID", FieldType::Unsigned,
                                       "protocol of the SA this is about"};
inline constexpr Field kNotifyType{"isakmp.notify.msgtype", "Notify Message Type", FieldType::Unsigned,
                                   "what the notification says"};
inline constexpr Field kNotifyData{"isakmp.notify.data", "Notification Data", FieldType::Bytes,
                                   "data specific to this notification type"};
inline constexpr Field kDpdRUThere{"isakmp.notify.data.dpd.are_you_there", "Notification Data", FieldType::Unsigned,
                                   "DPD sequence number; the R-U-THERE-ACK echoes it"};
inline constexpr Field kDpdRUThereAck{"isakmp.notify.data.dpd.are_you_there_ack", "Notification Data",
                                      FieldType::Unsigned, "DPD sequence number; the R-U-THERE-ACK echoes it"};
inline constexpr Field kDeleteDoi{"isakmp.delete.doi", "Domain of Interpretation", FieldType::Unsigned,
                                  "the IPsec DOI (RFC 2407) defines the numbers used inside"};
inline constexpr Field kDeleteProtocol{"isakmp.delete.protoid", "Protocol ID", FieldType::Unsigned,
                                       "protocol of the SAs being deleted"};
inline constexpr Field kSpiCount{"isakmp.spinum", "Number of SPIs", FieldType::Unsigned, "how many SPIs follow"};
inline constexpr Field kDeleteSpi{"isakmp.delete.spi", "SPI", FieldType::Bytes, "an SA the sender deleted"};

// ---- CERT and CR (§3.9, §3.10) ----
inline constexpr Field kCertEncoding{"isakmp.cert.encoding", "Certificate Encoding", FieldType::Unsigned,
                                     "how the certificate data is encoded"};
inline constexpr Field kCertData{"isakmp.cert.data", "Certificate Data", FieldType::None,
                                 "the certificate (DER for X.509)"};
inline constexpr Field kCertType{"isakmp.certreq.type", "Certificate Type", FieldType::Unsigned,
                                 "the kind of certificate asked for"};
inline constexpr Field kCertAuthority{"isakmp.ike.certreq.authority", "Certificate Authority", FieldType::Bytes,
                                      "distinguished name of an authority the sender trusts"};

// The container of a payload of `type`: kPayloadNonce for PayloadType::Nonce.
const Field& payloadField(PayloadType type);

// The fields of the data attributes in one place: a phase-1 transform, an IPsec transform, or a
// RESPONDER-LIFETIME notification's IPsec attributes. Each attribute is a container with type,
// [length,] and value; the value has the key of its attribute type when Wireshark has one.
struct AttributeFields {
    const Field& container;
    const Field& type;
    const Field& length;
    const Field& value;                   // an attribute type without a key of its own
    std::span<const Field* const> byType; // [type - 1]: the value's key for attribute type `type`
    const Field& valueOf(std::uint16_t attributeType) const;
};

enum class AttributePlace { Transform, ResponderLifetime };
const AttributeFields& attributeFields(AttributeSpace space, AttributePlace place = AttributePlace::Transform);

// Every ISAKMP field above and every attribute field, once each.
std::span<const Field* const> all();

} // namespace ipseclab::wire::isakmp_fields
