"""Cómo se cita una carta recibida en lo que el departamento responde: a quién (un nombre, no la
cabecera `Nombre <correo@…>`) y con qué referencia (ninguna, si la carta no traía)."""

from __future__ import annotations

from email.utils import parseaddr


def nombre_del_remitente(remitente: str) -> str:
    """A quién se dirige la respuesta: el nombre de «Nombre <correo@…>», nunca la cabecera cruda
    (sin nombre, queda vacío y el formulario pide el destinatario)."""
    nombre, correo = parseaddr(remitente)
    if correo and "@" in correo:
        return nombre.strip()
    return remitente.strip()


# Lo que una secretaria escribe cuando la carta no trae referencia.
_SIN_REFERENCIA = {"sin referencia", "s/r", "s/ref", "sin ref", "n/a", "na", "ninguna", "-", "--"}


def referencia_citable(referencia: str) -> str:
    """La referencia del remitente, o "" si dice que no tiene (el oficio no cita «sin
    referencia» como si fuera una)."""
    limpia = referencia.strip()
    return "" if limpia.lower().rstrip(".") in _SIN_REFERENCIA else limpia
