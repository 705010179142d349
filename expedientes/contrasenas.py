"""La política de contraseñas y de secretos: nada trivial, común ni adivinable.

Una contraseña nueva (al crear un usuario en la web o la consola, y al cambiarla) debe tener al
menos `LONGITUD_MINIMA` caracteres, no ser el nombre de usuario, el nombre ni el correo de la
persona, y resistir a zxcvbn (la estimación de Dropbox: diccionarios, nombres, fechas, teclados,
secuencias y repeticiones) con puntaje `PUNTAJE_MINIMO` de 4. zxcvbn conoce el inglés: se le dan
además las palabras del español y del departamento que más se usan en contraseñas, y los datos de
la persona. La clave secreta de producción se mide igual (con otro umbral: debe ser aleatoria).
"""

from __future__ import annotations

import unicodedata

from zxcvbn import zxcvbn

LONGITUD_MINIMA = 10
LONGITUD_MAXIMA = 256
PUNTAJE_MINIMO = 3
# Lo que debe costar adivinar la clave secreta, en conjeturas (log10) por carácter medido: una
# clave aleatoria cuesta casi una cifra por carácter (en 4.000 de cada una, `token_hex(16)` nunca
# menos de 0,84; `token_urlsafe(24)`, 0,93; `token_hex(32)`, 0,91), y una frase, aun larga, mucho
# menos («recupera-isss-2026-recupera-isss-2026», 0,68). Un umbral fijo no sirve: 10^30 rechazaba
# una de cada tres claves de `token_hex(16)`, que caen entre 10^27 y 10^35.
CONJETURAS_POR_CARACTER = 0.75
# zxcvbn solo mide los primeros caracteres (su costo crece con el largo).
_MEDIDOS = 72
# Palabras del español y del departamento frecuentes en contraseñas (zxcvbn trae las inglesas).
PALABRAS_COMUNES = (
    "contraseña", "contrasena", "clave", "secreto", "secreta", "password", "bienvenido",
    "bienvenida", "hola", "holamundo", "amor", "teamo", "dios", "diosesamor", "familia", "mama",
    "papa", "casa", "perro", "gato", "futbol", "barcelona", "madrid", "america", "mexico",
    "salvador", "elsalvador", "sansalvador", "santaana", "sanmiguel", "cuscatlan", "guanaco",
    "pupusa", "pupusas", "volcan", "izalco", "isss", "seguro", "segurosocial", "social",
    "instituto", "recupera", "recuperacion", "prejudicial", "departamento", "cobro", "cobros",
    "mora", "patrono", "expediente", "gestor", "gestora", "jefe", "jefa", "secretaria",
    "archivo", "admin", "administrador", "usuario", "sistema", "sistemas", "informatica",
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
    "octubre", "noviembre", "diciembre", "lunes", "martes", "miercoles", "jueves", "viernes",
    "sabado", "domingo", "verano", "invierno", "princesa", "tequiero", "qwerty", "asdfgh",
    "abc123", "123456", "1234567890", "cambiame", "cambiar", "temporal", "prueba", "demo",
)  # fmt: skip
_AVISOS = {
    "Straight rows of keys are easy to guess.": "las filas seguidas del teclado",
    "Short keyboard patterns are easy to guess.": "los dibujos cortos sobre el teclado",
    'Repeats like "aaa" are easy to guess.': "las repeticiones como «aaa»",
    'Repeats like "abcabcabc" are only slightly harder to guess than "abc".': (
        "las repeticiones como «abcabcabc»"
    ),
    "Sequences like abc or 6543 are easy to guess.": "las secuencias como «abc» o «6543»",
    "Recent years are easy to guess.": "los años recientes",
    "Dates are often easy to guess.": "las fechas",
    "This is a top-10 common password.": "las contraseñas más comunes",
    "This is a top-100 common password.": "las contraseñas más comunes",
    "This is a very common password.": "las contraseñas más comunes",
    "This is similar to a commonly used password.": "las variantes de contraseñas comunes",
    "A word by itself is easy to guess.": "las palabras solas",
    "Names and surnames by themselves are easy to guess.": "los nombres y apellidos solos",
    "Common names and surnames are easy to guess.": "los nombres y apellidos comunes",
}


def _sin_tildes(texto: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", texto.casefold()) if not unicodedata.combining(c)
    )


def _datos_de_la_persona(*datos: str | None) -> list[str]:
    """Los datos de la persona y sus partes (nombre, apellidos, el usuario del correo)."""
    partes: list[str] = []
    for dato in datos:
        if not dato:
            continue
        partes.append(dato)
        partes += [p for p in dato.replace("@", " ").replace(".", " ").split() if len(p) > 2]
    return partes


def problemas_de_contrasena(
    contrasena: str,
    *,
    nombre_usuario: str = "",
    nombre_completo: str = "",
    correo: str | None = None,
) -> list[str]:
    """Los problemas de una contraseña nueva para esta persona (lista vacía si sirve)."""
    if len(contrasena) < LONGITUD_MINIMA:
        return [f"La contraseña debe tener al menos {LONGITUD_MINIMA} caracteres."]
    if len(contrasena) > LONGITUD_MAXIMA:
        return [f"La contraseña admite hasta {LONGITUD_MAXIMA} caracteres."]
    if contrasena.strip() != contrasena:
        return ["La contraseña no puede empezar ni terminar con espacios."]
    propios = _datos_de_la_persona(nombre_usuario, nombre_completo, correo)
    normal = _sin_tildes(contrasena)
    if any(normal == _sin_tildes(p) for p in propios if p):
        return ["La contraseña no puede ser su nombre de usuario, su nombre ni su correo."]
    medida = zxcvbn(contrasena[:_MEDIDOS], user_inputs=[*propios, *PALABRAS_COMUNES])
    if medida["score"] >= PUNTAJE_MINIMO:
        return []
    aviso = _AVISOS.get(medida["feedback"]["warning"])
    motivo = f" (se adivinan fácilmente {aviso})" if aviso else ""
    return [
        f"La contraseña es demasiado fácil de adivinar{motivo}: use una frase de varias palabras "
        "poco relacionadas entre sí, p. ej. «tamarindo lunes volcán azul», o mezcle más "
        "caracteres; evite su nombre, palabras comunes, fechas y secuencias."
    ]


def secreto_debil(secreto: str) -> bool:
    """¿Se puede adivinar el secreto (repeticiones, secuencias, palabras, datos del sistema)?"""
    medido = secreto[:_MEDIDOS]
    medida = zxcvbn(medido, user_inputs=list(PALABRAS_COMUNES))
    return float(medida["guesses_log10"]) < CONJETURAS_POR_CARACTER * len(medido)
