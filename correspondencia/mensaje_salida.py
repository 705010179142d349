"""El correo de una carta saliente: del departamento al destinatario, con el número `CS-` en el
asunto, un texto breve en español, el PDF/A adjunto como `CS-….pdf`, el Message-ID registrado y,
si responde a una carta, In-Reply-To y References con el hilo de esa carta."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import format_datetime, formataddr

from correspondencia.modelos import Correspondencia, Saliente
from expedientes import ahora

NOMBRE_REMITENTE = "Departamento de Recuperación Prejudicial — ISSS"


def _entre_angulos(identificador: str) -> str:
    return f"<{identificador.strip('<>')}>"


def cuerpo_de(saliente: Saliente, carta: Correspondencia | None) -> str:
    """El texto del correo: a quién, qué se adjunta y cómo citarlo."""
    respuesta = ""
    if carta is not None:
        cita = (
            f"su comunicación con referencia {carta.referencia_remitente}, "
            if (carta.referencia_remitente)
            else "su comunicación "
        )
        respuesta = f", en respuesta a {cita}registrada con el número {carta.numero}"
    return (
        f"Estimado(a) {saliente.destinatario or 'señor(a)'}:\n\n"
        f"Adjuntamos la comunicación {saliente.numero} del Departamento de Recuperación "
        f"Prejudicial del Instituto Salvadoreño del Seguro Social{respuesta}.\n\n"
        f"Asunto: {saliente.asunto}\n\n"
        f"Al responder, cite por favor el número {saliente.numero}.\n\n"
        "Atentamente,\n\n"
        "Departamento de Recuperación Prejudicial\n"
        "Instituto Salvadoreño del Seguro Social\n"
    )


def mensaje_de(
    saliente: Saliente, pdf: bytes, remitente: str, carta: Correspondencia | None
) -> EmailMessage:
    """El mensaje listo para el servidor SMTP (y para la carpeta de enviados)."""
    mensaje = EmailMessage()
    mensaje["From"] = formataddr((NOMBRE_REMITENTE, remitente))
    mensaje["To"] = saliente.correo
    mensaje["Subject"] = f"{saliente.numero} — {saliente.asunto}".strip(" —")
    mensaje["Date"] = format_datetime(ahora())
    mensaje["Message-ID"] = _entre_angulos(saliente.message_id or "")
    if carta is not None and carta.message_id:
        mensaje["In-Reply-To"] = _entre_angulos(carta.message_id)
        hilo = [*carta.referencias, carta.message_id]
        mensaje["References"] = " ".join(_entre_angulos(i) for i in dict.fromkeys(hilo))
    mensaje.set_content(cuerpo_de(saliente, carta))
    mensaje.add_attachment(
        pdf, maintype="application", subtype="pdf", filename=f"{saliente.numero}.pdf"
    )
    return mensaje


def en_bytes(mensaje: EmailMessage) -> bytes:
    """El mensaje con CRLF, como lo exigen SMTP (smtplib no convierte los bytes) e IMAP."""
    return mensaje.as_bytes(policy=mensaje.policy.clone(linesep="\r\n"))
