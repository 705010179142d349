"""Análisis MIME defensivo: cada caso difícil del corpus se lee exacto o se avisa, nunca lanza."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from correspondencia import mime, textos
from correspondencia.mime import MensajeAnalizado, analizar, analizar_cabeceras
from tests.correspondencia import corpus


def _cabeceras_de(crudo: bytes) -> bytes:
    """Solo el bloque de cabeceras, como lo trae IMAP con BODY.PEEK[HEADER]."""
    return crudo.split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n"


def _caso(nombre: str) -> MensajeAnalizado:
    """El análisis de un caso fijo del corpus."""
    return analizar(corpus.TODOS[nombre])


# --- Cabeceras y cuerpo de un correo normal ---------------------------------------------------


def test_asunto_y_cuerpo_utf8_vuelven_exactos_con_acentos_ampersand_y_comillas() -> None:
    """GIVEN un correo UTF-8 con «», &, <> y comillas; THEN asunto y texto se leen tal cual."""
    r = _caso("plano_utf8")
    assert r.asunto == 'Solicitud de prórroga «urgente» & <convenio> "n.º 45"'
    assert r.texto == corpus.CUERPO_PLANO.strip()
    assert r.html is None
    assert r.advertencias == ()


def test_remitente_con_coma_en_el_nombre_se_muestra_sin_comillas_y_correo_en_minusculas() -> None:
    """«Panadería Ñandú & Hijos, S.A. de C.V.» es un solo nombre, no dos direcciones."""
    r = _caso("plano_utf8")
    assert r.remitente == "Panadería Ñandú & Hijos, S.A. de C.V. <ventas@nandu.com.sv>"
    assert r.correo_remitente == "ventas@nandu.com.sv"
    assert r.destinatarios == ("Unidad Jurídica <juridica@isss.gob.sv>",)


def test_message_id_se_entrega_sin_angulos() -> None:
    """`<plano-utf8@nandu.com.sv>` → `plano-utf8@nandu.com.sv`."""
    assert _caso("plano_utf8").message_id == "plano-utf8@nandu.com.sv"


def test_la_fecha_con_zona_de_el_salvador_se_entrega_en_utc() -> None:
    """09:30 −06:00 del 16/11/2026 son las 15:30 UTC."""
    fecha = _caso("plano_utf8").fecha
    assert fecha == datetime(2026, 11, 16, 15, 30, tzinfo=UTC)
    assert fecha is not None and fecha.utcoffset() is not None


def test_destinatarios_juntan_to_y_cc() -> None:
    """To y Cc, cada uno en forma para mostrar."""
    crudo = corpus.mensaje(cabeceras={"Cc": "Licda. Marta Núñez <mnunez@nandu.com.sv>"})
    assert analizar(crudo).destinatarios == (
        "Unidad Jurídica <juridica@isss.gob.sv>",
        "Licda. Marta Núñez <mnunez@nandu.com.sv>",
    )


def test_codigo_de_plantilla_en_asunto_y_cuerpo_se_lee_literal() -> None:
    """`{{ … }}` y `{% … %}` que escribe un patrono son datos, no se interpretan ni se pierden."""
    r = _caso("con_codigo_de_plantilla")
    assert r.asunto == "Re: {{ patrono.razon_social }} {% if mora %}en mora{% endif %}"
    assert r.texto == corpus.CUERPO_PLANTILLA.strip()


def test_sin_message_id_da_none() -> None:
    """Un correo sin Message-ID no inventa uno."""
    assert _caso("sin_message_id").message_id is None


def test_el_mismo_message_id_en_dos_contenidos_se_lee_en_ambos() -> None:
    """Message-ID no es clave: dos mensajes distintos pueden traer el mismo."""
    a, b = _caso("mismo_message_id_a"), _caso("mismo_message_id_b")
    assert a.message_id == b.message_id == "repetido@nandu"
    assert (a.asunto, a.texto) != (b.asunto, b.texto)


def test_in_reply_to_y_references_se_entregan_sin_angulos_ni_repetidos() -> None:
    """Los identificadores del hilo, en orden, sin `<>` y sin duplicados."""
    crudo = corpus.mensaje(
        in_reply_to="<b@isss.gob.sv>",
        referencias=["a@isss.gob.sv", "b@isss.gob.sv", "a@isss.gob.sv"],
    )
    r = analizar(crudo)
    assert r.in_reply_to == ("b@isss.gob.sv",)
    assert r.referencias == ("a@isss.gob.sv", "b@isss.gob.sv")


def test_in_reply_to_sin_angulos_tambien_se_acepta() -> None:
    """Algunos programas omiten los ángulos."""
    r = analizar(b"From: a@b.sv\r\nIn-Reply-To: requerimiento-45@isss.gob.sv\r\n\r\nx")
    assert r.in_reply_to == ("requerimiento-45@isss.gob.sv",)


# --- Codificaciones ---------------------------------------------------------------------------


def test_asunto_con_palabras_codificadas_utf8_b_e_iso_8859_1_q_mezcladas() -> None:
    """RFC 2047: las palabras adyacentes se unen sin espacio; el texto plano que sigue, con él."""
    assert _caso("asunto_codificado").asunto == (
        "Notificación de mora: cotización de marzo & recargos <2026>"
    )


def test_nombres_codificados_en_from_y_to_se_decodifican() -> None:
    """El nombre en Q con `&`, coma y puntos codificados vuelve exacto."""
    r = _caso("asunto_codificado")
    assert r.remitente == "Unidad Jurídica <juridica@isss.gob.sv>"
    assert r.destinatarios == ("Panadería Ñandú & Hijos, S.A. de C.V. <ventas@nandu.com.sv>",)


def test_cuerpo_iso_8859_1_quoted_printable_se_lee_con_tildes_y_sin_el_salto_suave() -> None:
    """`efectuar=` + `=E1` al inicio de la línea siguiente es «efectuará»."""
    r = _caso("latin1_cuerpo")
    assert r.asunto == "Planilla de cotización"
    assert r.texto == (
        "Señores del Departamento de Recuperación:\n\n"
        "Adjuntamos la planilla de cotizaciones del año 2025; el pago se efectuará el próximo "
        "lunes. «Gracias» & saludos."
    )


def test_cabeceras_utf8_crudas_se_leen() -> None:
    """RFC 6532: asunto y nombre en UTF-8 sin codificar."""
    crudo = "From: Panadería Ñandú <ventas@nandu.com.sv>\r\nSubject: Año 2026 «pago»\r\n\r\nx"
    r = analizar(crudo.encode("utf-8"))
    assert (r.asunto, r.remitente) == ("Año 2026 «pago»", "Panadería Ñandú <ventas@nandu.com.sv>")


def test_cabecera_con_bytes_latin1_crudos_se_lee_como_windows_1252() -> None:
    """Bytes de 8 bits que no son UTF-8 en el asunto: Windows-1252, no signos de reemplazo."""
    r = analizar(b"From: a@b.sv\r\nSubject: Cotizaci\xf3n \x93urgente\x94\r\n\r\nx")
    assert r.asunto == "Cotización “urgente”"


def test_juego_de_caracteres_desconocido_se_lee_como_utf8_con_aviso() -> None:
    """`charset="x-desconocido"` con bytes UTF-8: texto exacto y la advertencia que lo explica."""
    r = _caso("charset_desconocido")
    assert r.texto == "Señores: adjuntamos la constancia de pago «n.º 45» & anexos."
    assert r.asunto == "Constancia de pago"
    assert r.advertencias == (
        "Juego de caracteres desconocido «x-desconocido»; se leyó como UTF-8",
    )


def test_juego_desconocido_con_bytes_que_no_son_utf8_se_lee_como_windows_1252() -> None:
    """Si no es UTF-8 válido, se lee como Windows-1252 y la advertencia lo dice."""
    crudo = b'Content-Type: text/plain; charset="x-raro"\r\n\r\nCotizaci\xf3n \x96 a\xf1o\r\n'
    r = analizar(crudo)
    assert r.texto == "Cotización – año"
    assert "Juego de caracteres desconocido «x-raro»; se leyó como Windows-1252" in r.advertencias


def test_un_codec_de_bytes_como_juego_de_caracteres_no_se_usa() -> None:
    """`charset=base64` existe en Python pero no es texto: se trata como desconocido."""
    r = analizar(b"Content-Type: text/plain; charset=base64\r\n\r\nhola\r\n")
    assert r.texto == "hola"
    assert r.advertencias == ("Juego de caracteres desconocido «base64»; se leyó como UTF-8",)


def test_ocho_bits_sin_juego_declarado_se_leen_como_utf8() -> None:
    """Sin charset (ASCII por omisión) pero con bytes UTF-8: se leen bien, sin reemplazos."""
    r = analizar("Subject: x\r\n\r\nSeñores: pago de cotización\r\n".encode())
    assert r.texto == "Señores: pago de cotización"


# --- HTML -------------------------------------------------------------------------------------


def test_html_sin_texto_plano_da_texto_legible_sin_script_ni_estilos() -> None:
    """Del HTML sale el texto visible con entidades resueltas; ni script, ni style, ni title."""
    assert _caso("html_con_script").texto == (
        "Estimados señores & señoras:\n\n"
        "Adjuntamos el comprobante N.º 45 <pagado>.\nGracias.\n\n"
        "Ver estado de cuenta Portal del ISSS"
    )


def test_el_html_se_entrega_sin_sanear() -> None:
    """El HTML original se conserva; sanearlo es decisión de quien lo muestra."""
    html = _caso("html_con_script").html
    assert html is not None
    assert "<script>" in html and 'onerror="alert(2)"' in html


def test_correo_con_texto_y_html_usa_el_texto_plano_y_entrega_el_html() -> None:
    """multipart/alternative: el texto plano manda; el HTML queda disponible."""
    crudo = corpus.mensaje(cuerpo="Pago & recibo\n", html="<p>Pago &amp; <b>recibo</b></p>")
    r = analizar(crudo)
    assert r.texto == "Pago & recibo"
    assert r.html is not None and r.html.strip() == "<p>Pago &amp; <b>recibo</b></p>"


def test_mime_expone_sanear_html_y_texto_de_html() -> None:
    """Quien muestra un correo los toma de `correspondencia.mime`; viven en `textos`."""
    assert mime.sanear_html is textos.sanear_html
    assert mime.texto_de_html is textos.texto_de_html


# --- Adjuntos ---------------------------------------------------------------------------------


def test_nombres_de_adjunto_en_rfc2231_con_continuaciones_y_en_rfc2047_se_decodifican() -> None:
    """`filename*=UTF-8''…`, `filename*0*=…; filename*1*=…`, ISO-8859-1 y `=?UTF-8?Q?…?=`."""
    r = _caso("adjunto_rfc2231")
    assert [a.nombre for a in r.adjuntos] == [
        "Resolución Nº 12.pdf",
        "Acta de notificación.pdf",
        "Constancia de pago marzo & abril.pdf",
        "Planilla año 2025.pdf",
    ]
    assert {a.tipo_mime for a in r.adjuntos} == {"application/pdf"}
    assert all(a.datos == corpus.pdf_minimo("Documento") for a in r.adjuntos)


def test_nombres_hostiles_se_conservan_como_dato_sin_nul_ni_saltos() -> None:
    """`../../x` y `..\\..\\boot.ini` quedan tal cual (son datos); NUL, CR, LF y TAB se quitan."""
    nombres = [a.nombre for a in _caso("adjunto_nombre_hostil").adjuntos]
    assert nombres[:4] == ["../../x", "..\\..\\boot.ini", "malonombre.txt", "/etc/passwd"]
    for nombre in nombres:
        assert not any(c in nombre for c in "\x00\n\r\t")


def test_nombre_de_adjunto_se_recorta_a_255_caracteres() -> None:
    """Un nombre de 304 caracteres se guarda con 255."""
    assert _caso("adjunto_nombre_hostil").adjuntos[4].nombre == "a" * 255


def test_adjunto_sin_nombre_recibe_uno_generado_segun_su_tipo() -> None:
    """`adjunto-<n>.<ext>` con la extensión del tipo; `.bin` si el tipo no tiene una."""
    crudo = corpus.multipart_a_mano(
        "Subject: sin nombres\n",
        "lim",
        [
            "Content-Type: text/plain\n\nCuerpo.\n",
            "Content-Type: image/png\nContent-Transfer-Encoding: base64\n\niVBORw0KGgo=\n",
            "Content-Type: application/x-desconocido\n\nabc\n",
        ],
    )
    r = analizar(crudo)
    assert [(a.nombre, a.tipo_mime) for a in r.adjuntos] == [
        ("adjunto-1.png", "image/png"),
        ("adjunto-2.bin", "application/x-desconocido"),
    ]
    assert r.adjuntos[0].datos == b"\x89PNG\r\n\x1a\n"


def test_imagen_en_linea_con_nombre_es_adjunto() -> None:
    """`Content-Disposition: inline; filename=…` también se guarda."""
    crudo = corpus.multipart_a_mano(
        "Subject: firma\n",
        "lim",
        [
            "Content-Type: text/plain\n\nVer firma.\n",
            'Content-Type: image/png\nContent-Disposition: inline; filename="firma.png"\n\nPNG\n',
        ],
    )
    r = analizar(crudo)
    assert [(a.nombre, a.tipo_mime) for a in r.adjuntos] == [("firma.png", "image/png")]
    assert r.texto == "Ver firma."


def test_texto_plano_adjunto_no_se_mezcla_con_el_cuerpo() -> None:
    """Un .txt adjunto es adjunto, aunque sea text/plain."""
    crudo = corpus.mensaje(cuerpo="Cuerpo.\n", adjuntos=[("notas.txt", "text/plain", b"Notas")])
    r = analizar(crudo)
    assert r.texto == "Cuerpo."
    assert [(a.nombre, a.datos) for a in r.adjuntos] == [("notas.txt", b"Notas")]


def test_adjunto_grande_se_lee_completo() -> None:
    """Un adjunto binario de 1 MB vuelve byte a byte."""
    r = analizar(corpus.adjunto_grande(1_000_000))
    assert len(r.adjuntos) == 1
    assert r.adjuntos[0].datos == (bytes(range(256)) * 3907)[:1_000_000]


def test_reenviado_anidado_encuentra_el_pdf_dos_niveles_adentro() -> None:
    """El PDF de un message/rfc822 dentro de otro es adjunto; el CSV de afuera también."""
    r = _caso("reenviado_anidado")
    assert [(a.nombre, a.tipo_mime) for a in r.adjuntos] == [
        ("Planilla marzo 2026.csv", "text/csv"),
        ("Resolución Nº 12.pdf", "application/pdf"),
    ]
    assert r.adjuntos[1].datos == corpus.pdf_minimo(corpus.TEXTO_PDF)


def test_reenviado_anidado_agrega_cada_reenvio_despues_del_texto_propio() -> None:
    """Cada reenvío va tras un separador, con su remitente y su asunto."""
    assert _caso("reenviado_anidado").texto == (
        "Les reenvío la cadena completa.\n\n"
        "---------- Mensaje reenviado ----------\n"
        "De: Licda. Marta Núñez <mnunez@nandu.com.sv>\n"
        "Asunto: RV: Resolución Nº 12\n\n"
        "Te reenvío la resolución, revisa el plazo.\n\n"
        "---------- Mensaje reenviado ----------\n"
        "De: Unidad Jurídica <juridica@isss.gob.sv>\n"
        "Asunto: Resolución Nº 12 — Panadería Ñandú & Hijos\n\n"
        "Se notifica la resolución adjunta."
    )


def test_reenviado_anidado_conserva_las_cabeceras_del_mensaje_exterior() -> None:
    """Asunto y remitente son los del correo recibido, no los de los reenviados."""
    r = _caso("reenviado_anidado")
    assert r.asunto == "RV: RV: Resolución Nº 12 «urgente»"
    assert r.message_id == "reenvio-2@nandu.com.sv"


# --- Mensajes rotos ---------------------------------------------------------------------------


def test_multipart_sin_cierre_avisa_y_conserva_texto_y_adjunto() -> None:
    """Falta el delimitador final: se lee lo que hay y se dice qué faltó."""
    r = _caso("multipart_roto")
    assert r.texto == "Adjunto el comprobante de pago de la planilla de octubre."
    assert [(a.nombre, a.datos) for a in r.adjuntos] == [("pago.pdf", b"%PDF-1.4\n")]
    assert r.advertencias == ("La estructura multipart está rota: falta el delimitador de cierre",)


def test_multipart_sin_delimitador_inicial_se_lee_como_texto_con_aviso() -> None:
    """El delimitador no aparece nunca: el cuerpo se lee como texto suelto."""
    r = _caso("multipart_sin_inicio")
    assert r.texto == "Adjunto el comprobante de pago de noviembre."
    assert r.advertencias[0] == (
        "La estructura multipart está rota: no aparece el delimitador inicial de las partes"
    )


def test_base64_invalido_avisa_y_conserva_lo_decodificable() -> None:
    """Sin relleno o con caracteres ajenos: el texto y el adjunto se recuperan, con avisos."""
    r = _caso("base64_invalido")
    assert r.texto == "Estimados señores: adjunto la planilla."
    assert r.adjuntos[0].datos.startswith(b"%PDF-1")
    assert r.advertencias == (
        "Un adjunto o cuerpo tiene base64 inválido: relleno incorrecto",
        "Un adjunto o cuerpo tiene base64 inválido: caracteres fuera del alfabeto base64",
    )


def test_advertencias_repetidas_se_dan_una_vez() -> None:
    """Tres partes con el mismo defecto: una sola advertencia."""
    parte = "Content-Type: application/pdf\nContent-Transfer-Encoding: base64\n\nJVBERi0x!!\n"
    r = analizar(corpus.multipart_a_mano("Subject: x\n", "lim", [parte, parte, parte]))
    assert r.advertencias == (
        "Un adjunto o cuerpo tiene base64 inválido: caracteres fuera del alfabeto base64",
    )


def test_from_que_rompe_el_analizador_moderno_se_lee_con_el_antiguo() -> None:
    """`email` lanza IndexError con ciertos From truncados: se lee el nombre y no es «nulo»."""
    r = analizar(b"From: =?UTF-8?Q?Unidad_Jur=C3=ADdica?= <juridica@\r\nSubject: x\r\n\r\nx")
    assert r.remitente == "Unidad Jurídica"
    assert r.automatico is False
    assert r.advertencias == ("Cabecera mal formada: «From» se leyó con el decodificador antiguo",)


def test_fecha_ilegible_da_none_y_aviso() -> None:
    """Una fecha que no se entiende no se inventa."""
    r = analizar(b"From: a@b.sv\r\nDate: el lunes por la tarde\r\n\r\nx")
    assert r.fecha is None
    assert r.advertencias == (
        "Cabecera mal formada: la fecha «el lunes por la tarde» no se entiende",
    )


def test_nul_y_controles_se_quitan_de_cabeceras_y_cuerpo() -> None:
    """PostgreSQL rechaza NUL en texto: ningún campo lo conserva."""
    r = analizar(b"From: X\x00Y <a@b.sv>\r\nSubject: pa\x00go\x07\r\n\r\nho\x00la\x01 mundo\r\n")
    assert r.asunto == "pa go"
    assert r.texto == "hola mundo"
    assert "\x00" not in r.remitente


def test_asunto_se_recorta_a_1000_caracteres_en_una_linea() -> None:
    """Un asunto de 3 000 caracteres, plegado en varias líneas, queda en 1 000 y sin saltos."""
    asunto = " ".join(["Cotización"] * 300)
    r = analizar(corpus.mensaje(asunto=asunto))
    assert r.asunto == asunto[:1000]
    assert "\n" not in r.asunto and "\r" not in r.asunto


def test_cabecera_gigante_se_recorta_con_aviso() -> None:
    """600 000 caracteres de asunto: se lee el comienzo y se avisa (lo que tarda lo mide el
    benchmark de ingesta, no esta prueba)."""
    r = analizar(b"Subject: " + b"a " * 300_000 + b"\r\n\r\nx")
    assert r.asunto.startswith("a a a")
    assert r.advertencias == (
        "Cabecera mal formada: «Subject» tiene 600000 caracteres; se leyó solo el comienzo",
    )


def test_diez_mil_partes_se_cortan_en_mil_con_aviso(monkeypatch: pytest.MonkeyPatch) -> None:
    """Un mensaje patológico no bloquea la ingesta: se leen 1 000 partes y se avisa (sin el
    límite de tiempo, que en una máquina cargada cortaría antes; ese límite se prueba aparte)."""
    monkeypatch.setattr(mime, "MAX_SEGUNDOS", 600.0)
    partes = b"".join(
        b"--b\r\nContent-Type: application/octet-stream\r\n\r\n%d\r\n" % i for i in range(10_000)
    )
    crudo = b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n' + partes + b"--b--\r\n"
    r = analizar(crudo)
    assert len(r.adjuntos) == 999  # la parte 1 000 es el propio multipart
    assert "El mensaje tiene más de 1000 partes; no se leyó el resto" in r.advertencias


def test_pasado_el_tiempo_maximo_se_deja_de_leer_con_aviso(monkeypatch: pytest.MonkeyPatch) -> None:
    """Con el tiempo agotado, se entrega lo leído y se avisa."""
    monkeypatch.setattr(mime, "MAX_SEGUNDOS", -1.0)
    r = _caso("reenviado_anidado")
    assert r.asunto == "RV: RV: Resolución Nº 12 «urgente»"
    assert r.adjuntos == ()
    assert r.advertencias == ("El análisis superó -1 s; no se leyó el resto",)


def test_anidamiento_extremo_devuelve_resultado_minimo_con_aviso() -> None:
    """2 000 multipart anidados agotan la pila del analizador de `email`: no se lanza."""
    crudo = b"Subject: hondo\r\n" + b"".join(
        b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (i, i)
        for i in range(2000)
    )
    r = analizar(crudo)
    assert (r.asunto, r.texto, r.adjuntos) == ("", "", ())
    assert r.advertencias[0].startswith("No se pudo analizar el mensaje: RecursionError")


def test_anidamiento_de_mas_de_50_niveles_se_corta_con_aviso() -> None:
    """Se leen las cabeceras; lo que está más hondo que 50 niveles, no."""
    crudo = b"Subject: hondo\r\n" + b"".join(
        b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (i, i)
        for i in range(60)
    )
    r = analizar(crudo + b"Content-Type: text/plain\r\n\r\nfondo\r\n")
    assert r.asunto == "hondo"
    assert "Partes anidadas a más de 50 niveles; no se leyeron" in r.advertencias


def test_bytes_vacios_dan_resultado_con_advertencia() -> None:
    """Un archivo vacío no es un error del programa: es una carta ilegible."""
    r = analizar(b"")
    assert (r.asunto, r.texto, r.message_id) == ("", "", None)
    assert r.advertencias == ("El mensaje está vacío",)


def test_binario_que_no_es_correo_da_resultado_con_advertencia() -> None:
    """Un PDF suelto o bytes al azar: resultado con advertencia, sin lanzar."""
    r = analizar(corpus.pdf_minimo("no soy un correo"))
    assert "No parece un mensaje de correo: no trae ninguna cabecera de correo" in r.advertencias
    assert not r.automatico


# --- Respuestas automáticas -------------------------------------------------------------------


def test_rebote_dsn_es_automatico_por_multipart_report() -> None:
    """RFC 3464: un informe de entrega es automático."""
    r = _caso("rebote_dsn")
    assert (r.automatico, r.motivo_automatico) == (True, "informe de entrega (multipart/report)")


def test_rebote_dsn_conserva_remitente_aviso_y_texto_del_original() -> None:
    """Del rebote se leen el aviso legible, el original devuelto y el informe técnico."""
    r = _caso("rebote_dsn")
    assert r.correo_remitente == "mailer-daemon@mx.isss.gob.sv"
    assert r.texto.startswith("No se pudo entregar su mensaje a ventas@nandu-viejo.com.sv")
    assert "Asunto: Requerimiento de pago\n\nSe requiere el pago de la mora." in r.texto
    assert [(a.nombre, a.tipo_mime) for a in r.adjuntos] == [
        ("adjunto-1.bin", "message/delivery-status")
    ]
    assert b"Status: 5.1.1" in r.adjuntos[0].datos


def test_respuesta_automatica_es_automatica_por_auto_submitted() -> None:
    """RFC 3834: `Auto-Submitted: auto-replied`."""
    r = _caso("respuesta_automatica")
    assert (r.automatico, r.motivo_automatico) == (True, "Auto-Submitted: auto-replied")
    assert r.in_reply_to == ("requerimiento-45@isss.gob.sv",)


def test_x_auto_response_suppress_solo_no_hace_automatico_un_correo() -> None:
    """Outlook pone esa cabecera en correos escritos por personas."""
    r = _caso("outlook_con_supresion")
    assert (r.automatico, r.motivo_automatico) == (False, "")


def test_auto_submitted_no_no_hace_automatico_un_correo() -> None:
    """`Auto-Submitted: no` es el valor de un correo escrito por una persona."""
    r = analizar(corpus.mensaje(cabeceras={"Auto-Submitted": "no"}))
    assert r.automatico is False


@pytest.mark.parametrize(
    ("cabecera", "valor", "motivo"),
    [
        ("Auto-Submitted", "auto-generated", "Auto-Submitted: auto-generated"),
        ("Precedence", "bulk", "Precedence: bulk"),
        ("Precedence", "junk", "Precedence: junk"),
        ("Precedence", "list", "Precedence: list"),
        ("Precedence", "auto_reply", "Precedence: auto_reply"),
        ("X-Autoreply", "yes", "X-Autoreply: yes"),
        ("X-Autorespond", "Fuera de la oficina", "X-Autorespond: Fuera de la oficina"),
        ("Return-Path", "<>", "remitente nulo"),
    ],
)
def test_cabeceras_de_mensaje_automatico(cabecera: str, valor: str, motivo: str) -> None:
    """Cada señal de RFC 3834 (y las de uso común) marca el correo con su motivo."""
    r = analizar(corpus.mensaje(cabeceras={cabecera: valor}))
    assert (r.automatico, r.motivo_automatico) == (True, motivo)


def test_from_nulo_es_remitente_nulo_sin_correo() -> None:
    """`From: <>`: automático y sin dirección a la que responder."""
    r = analizar(b"From: <>\r\nSubject: aviso\r\n\r\nx")
    assert (r.automatico, r.motivo_automatico, r.correo_remitente) == (True, "remitente nulo", "")


def test_postmaster_como_remitente_es_automatico() -> None:
    """MAILER-DAEMON y postmaster no son personas."""
    r = analizar(corpus.mensaje(remitente=("Postmaster", "postmaster@nandu.com.sv")))
    assert r.automatico is True
    assert r.motivo_automatico.startswith("remitente del sistema de correo")


def test_multipart_report_anidado_tambien_es_automatico() -> None:
    """Un informe de entrega dentro de un multipart/mixed cuenta igual."""
    informe = (
        'Content-Type: multipart/report; report-type=delivery-status; boundary="r"\n\n'
        "--r\nContent-Type: text/plain\n\nNo entregado.\n--r--\n"
    )
    r = analizar(corpus.multipart_a_mano("From: a@b.sv\nSubject: x\n", "lim", [informe]))
    assert r.automatico is True
    assert r.texto == "No entregado."


# --- Solo cabeceras ---------------------------------------------------------------------------


def test_analizar_cabeceras_lee_lo_mismo_que_el_mensaje_completo_salvo_el_cuerpo() -> None:
    """Para mensajes demasiado grandes: mismas cabeceras, sin texto ni adjuntos."""
    completo = _caso("reenviado_anidado")
    solo = analizar_cabeceras(_cabeceras_de(corpus.TODOS["reenviado_anidado"]))
    assert (solo.asunto, solo.remitente, solo.message_id, solo.fecha) == (
        completo.asunto,
        completo.remitente,
        completo.message_id,
        completo.fecha,
    )
    assert (solo.texto, solo.html, solo.adjuntos) == ("", None, ())


def test_analizar_cabeceras_no_avisa_por_el_cuerpo_que_falta() -> None:
    """Un multipart cuyo cuerpo no se trajo no está «roto»."""
    r = analizar_cabeceras(_cabeceras_de(corpus.TODOS["multipart_roto"]))
    assert r.advertencias == ()


def test_analizar_cabeceras_detecta_multipart_report_y_auto_submitted() -> None:
    """La detección de automáticos funciona con solo las cabeceras."""
    rebote = analizar_cabeceras(_cabeceras_de(corpus.TODOS["rebote_dsn"]))
    respuesta = analizar_cabeceras(_cabeceras_de(corpus.TODOS["respuesta_automatica"]))
    assert rebote.motivo_automatico == "informe de entrega (multipart/report)"
    assert respuesta.motivo_automatico == "Auto-Submitted: auto-replied"


def test_analizar_cabeceras_vacias_da_resultado_con_advertencia() -> None:
    """Nada que leer: resultado vacío, sin lanzar."""
    assert analizar_cabeceras(b"").advertencias == ("El mensaje está vacío",)


# --- Nunca lanza ------------------------------------------------------------------------------


@pytest.mark.parametrize("caso", sorted(corpus.TODOS))
def test_ningun_caso_del_corpus_lanza(caso: str) -> None:
    """Cada caso difícil da un resultado, con advertencias si hace falta."""
    r = analizar(corpus.TODOS[caso])
    assert isinstance(r, MensajeAnalizado)
    assert "\x00" not in r.asunto + r.texto + r.remitente


@pytest.mark.parametrize("caso", sorted(corpus.TODOS))
def test_truncar_un_caso_en_cualquier_punto_no_lanza(caso: str) -> None:
    """Un mensaje cortado (descarga interrumpida) se analiza igual en 20 puntos de corte."""
    crudo = corpus.TODOS[caso]
    for corte in range(0, len(crudo), max(1, len(crudo) // 20)):
        assert isinstance(analizar(crudo[:corte]), MensajeAnalizado)
        assert isinstance(analizar_cabeceras(crudo[:corte]), MensajeAnalizado)


@pytest.mark.parametrize("caso", sorted(corpus.TODOS))
def test_bytes_alterados_al_azar_no_lanzan(caso: str) -> None:
    """30 mutaciones por caso (semilla fija): bytes cambiados, insertados y borrados."""
    azar = random.Random(f"recupera-{caso}")  # noqa: S311 - mutaciones reproducibles, no secretos
    original = corpus.TODOS[caso]
    for _ in range(30):
        crudo = bytearray(original)
        for _ in range(azar.randint(1, 20)):
            posicion = azar.randrange(len(crudo))
            operacion = azar.choice(("cambiar", "insertar", "borrar"))
            if operacion == "cambiar":
                crudo[posicion] = azar.randrange(256)
            elif operacion == "insertar":
                crudo[posicion:posicion] = azar.choice(
                    [b"\x00", b"\r\n", b"=?", b"--", b"<", b"\xff"]
                )
            else:
                del crudo[posicion]
        r = analizar(bytes(crudo))
        assert "\x00" not in r.asunto + r.texto + "".join(a.nombre for a in r.adjuntos)


def test_bytes_al_azar_no_lanzan() -> None:
    """Ruido puro (semilla fija) de distintos tamaños: resultado con advertencia."""
    azar = random.Random(20261116)  # noqa: S311 - ruido reproducible, no secretos
    for tamano in (1, 7, 100, 5_000, 100_000):
        r = analizar(azar.randbytes(tamano))
        assert "No parece un mensaje de correo: no trae ninguna cabecera de correo" in (
            r.advertencias
        )
