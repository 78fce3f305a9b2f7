import { describe, expect, it } from "vitest";
import { parsePayloadJson, PayloadJsonError } from "./payload-json.server";

describe("parsePayloadJson", () => {
  it("parses ordinary JSON as JSON.parse does", () => {
    const text = '{"id":5512003100001,"price":"19.99","lines":[{"q":-2,"w":0.5,"e":1e3}],"ok":true,"n":null}';
    expect(parsePayloadJson(text)).toEqual(JSON.parse(text));
  });

  it("keeps integers beyond 2^53 exact, as strings", () => {
    const text =
      '{"id":820982911946154508,"ids":[820982911946154509, 1],"neg":-9007199254740993,"safe":9007199254740991}';
    expect(parsePayloadJson(text)).toEqual({
      id: "820982911946154508",
      ids: ["820982911946154509", 1],
      neg: "-9007199254740993",
      safe: 9007199254740991,
    });
  });

  it("leaves digits inside strings, escaped quotes included, untouched", () => {
    const text = String.raw`{"note":"call \"820982911946154508\" back","tracking":"12345678901234567890","n":820982911946154508}`;
    expect(parsePayloadJson(text)).toEqual({
      note: 'call "820982911946154508" back',
      tracking: "12345678901234567890",
      n: "820982911946154508",
    });
  });

  it("leaves large non-integers as numbers", () => {
    const text = '{"big":12345678901234567.5,"exp":1.5e20}';
    expect(parsePayloadJson(text)).toEqual(JSON.parse(text));
    expect(typeof (parsePayloadJson(text) as { big: unknown }).big).toBe("number");
  });

  it.each([
    ["", "payload is empty"],
    ["   ", "payload is empty"],
    ['{"email":"mira.lind@example.com",', "payload is not valid JSON (at character 33)"],
    ['{"email":"mira.lind@example.com" "name":"Mira"}', "payload is not valid JSON (at character 33)"],
    ["not json at all", "payload is not valid JSON"],
  ])("describes %j without quoting it", (text, message) => {
    expect(() => parsePayloadJson(text)).toThrow(PayloadJsonError);
    try {
      parsePayloadJson(text);
    } catch (error) {
      expect((error as Error).message).toBe(message);
      expect((error as Error).message).not.toContain("mira");
    }
  });
});
