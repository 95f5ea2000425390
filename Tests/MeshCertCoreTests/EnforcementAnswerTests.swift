import MeshCertCore
import Testing

@Suite("Enforcement answers, read byte by byte")
struct EnforcementAnswerTests {
    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test("plaintext: an HTTP answer or any non-TLS bytes accept; a TLS record, silence or an HTTPS-port 400 refuse")
    func plaintext() {
        #expect(EnforcementAnswer.plaintextAccepted(bytes("HTTP/1.0 200 OK\r\n\r\nhello"), ended: true) == true)
        #expect(EnforcementAnswer.plaintextAccepted(bytes("HTTP/1.1 200 OK\r\n"), ended: false) == nil)
        #expect(EnforcementAnswer.plaintextAccepted(bytes("HTT"), ended: false) == nil)
        #expect(EnforcementAnswer.plaintextAccepted(bytes("SSH-2.0-OpenSSH\r\n"), ended: false) == true)
        #expect(EnforcementAnswer.plaintextAccepted([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46], ended: false) == false)
        #expect(EnforcementAnswer.plaintextAccepted([0x16, 0x03, 0x01], ended: false) == false)
        #expect(EnforcementAnswer.plaintextAccepted([0x15], ended: false) == nil)
        #expect(EnforcementAnswer.plaintextAccepted([0x15], ended: true) == false)
        #expect(EnforcementAnswer.plaintextAccepted([], ended: false) == nil)
        #expect(EnforcementAnswer.plaintextAccepted([], ended: true) == false)
        let nginx = "HTTP/1.1 400 Bad Request\r\nServer: nginx\r\n\r\n<center>The plain HTTP request was sent to HTTPS port</center>"
        #expect(EnforcementAnswer.plaintextAccepted(bytes(nginx), ended: true) == false)
        let go = "HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n"
        #expect(EnforcementAnswer.plaintextAccepted(bytes(go), ended: true) == false)
        #expect(EnforcementAnswer.plaintextAccepted(bytes("HTTP/1.1 400 Bad Request\r\n\r\nbad header"), ended: true) == true)
    }

    @Test("without a client certificate: data served; nothing before the end, or a 4xx about a certificate, refused")
    func withoutCertificate() {
        #expect(EnforcementAnswer.servedWithoutClientCertificate(bytes("HTTP/1.1 200 OK\r\n\r\n"), ended: true) == true)
        #expect(EnforcementAnswer.servedWithoutClientCertificate(bytes("HTTP/1.1 404 Not Found\r\n\r\n"), ended: true) == true)
        #expect(EnforcementAnswer.servedWithoutClientCertificate(bytes("+PONG\r\n"), ended: false) == true)
        #expect(EnforcementAnswer.servedWithoutClientCertificate([], ended: true) == false)
        #expect(EnforcementAnswer.servedWithoutClientCertificate([], ended: false) == nil)
        let nginx = "HTTP/1.1 400 Bad Request\r\n\r\n<center>No required SSL certificate was sent</center>"
        #expect(EnforcementAnswer.servedWithoutClientCertificate(bytes(nginx), ended: true) == false)
        #expect(EnforcementAnswer.servedWithoutClientCertificate(bytes(nginx), ended: false) == nil)
    }
}
