/**
 * The fonts that ship with the app, from npm packages (all SIL Open Font License 1.1), under
 * stable friendly names. The package layout is an implementation detail that changes between
 * versions; a saved job or a user's preset says `NanumGothic/NanumGothicBold.ttf` and must keep
 * working, so requests only ever see the left column. nanoCocoa's own names are kept where the
 * same font exists (NanumGothic/NanumGothic.ttf, NanumGothic/NanumGothicBold.ttf).
 */

export interface BundledFont {
  /** Friendly relative name, the value of `font_name`. */
  name: string
  /** npm package and the file inside it. */
  pkg: string
  file: string
  /** Looks heavier than its OS/2 weight says (display faces): used to choose a fallback weight. */
  visualWeight?: number
}

export const OFL = 'OFL-1.1'

const expo = (pkg: string, file: string, name: string, visualWeight?: number): BundledFont => ({
  name,
  pkg: `@expo-google-fonts/${pkg}`,
  file,
  visualWeight,
})

const PRETENDARD_WEIGHTS = ['Thin', 'ExtraLight', 'Light', 'Regular', 'Medium', 'SemiBold', 'Bold', 'ExtraBold', 'Black']

export const BUNDLED_FONTS: readonly BundledFont[] = [
  ...PRETENDARD_WEIGHTS.map((w) => ({
    name: `Pretendard/Pretendard-${w}.otf`,
    pkg: 'pretendard',
    file: `dist/public/static/Pretendard-${w}.otf`,
  })),
  expo('nanum-gothic', '400Regular/NanumGothic_400Regular.ttf', 'NanumGothic/NanumGothic.ttf'),
  expo('nanum-gothic', '700Bold/NanumGothic_700Bold.ttf', 'NanumGothic/NanumGothicBold.ttf'),
  expo('nanum-gothic', '800ExtraBold/NanumGothic_800ExtraBold.ttf', 'NanumGothic/NanumGothicExtraBold.ttf'),
  expo('nanum-myeongjo', '400Regular/NanumMyeongjo_400Regular.ttf', 'NanumMyeongjo/NanumMyeongjo.ttf'),
  expo('nanum-myeongjo', '700Bold/NanumMyeongjo_700Bold.ttf', 'NanumMyeongjo/NanumMyeongjoBold.ttf'),
  expo('nanum-myeongjo', '800ExtraBold/NanumMyeongjo_800ExtraBold.ttf', 'NanumMyeongjo/NanumMyeongjoExtraBold.ttf'),
  expo('nanum-pen-script', '400Regular/NanumPenScript_400Regular.ttf', 'NanumPenScript/NanumPenScript.ttf'),
  expo('nanum-brush-script', 'NanumBrushScript_400Regular.ttf', 'NanumBrushScript/NanumBrushScript.ttf'),
  expo('black-han-sans', '400Regular/BlackHanSans_400Regular.ttf', 'BlackHanSans/BlackHanSans-Regular.ttf', 900),
  expo('do-hyeon', '400Regular/DoHyeon_400Regular.ttf', 'DoHyeon/DoHyeon-Regular.ttf', 700),
  expo('jua', '400Regular/Jua_400Regular.ttf', 'Jua/Jua-Regular.ttf', 700),
  expo('gowun-dodum', '400Regular/GowunDodum_400Regular.ttf', 'GowunDodum/GowunDodum-Regular.ttf'),
  expo('gasoek-one', '400Regular/GasoekOne_400Regular.ttf', 'GasoekOne/GasoekOne-Regular.ttf', 900),
  expo('sunflower', '300Light/Sunflower_300Light.ttf', 'Sunflower/Sunflower-Light.ttf'),
  expo('sunflower', '500Medium/Sunflower_500Medium.ttf', 'Sunflower/Sunflower-Medium.ttf'),
  expo('sunflower', '700Bold/Sunflower_700Bold.ttf', 'Sunflower/Sunflower-Bold.ttf'),
  // Latin only: a classic condensed ad face for English copy; Hangul in it falls back per run.
  expo('bebas-neue', '400Regular/BebasNeue_400Regular.ttf', 'BebasNeue/BebasNeue-Regular.ttf', 800),
]

/** The font used when a request names none: a heavy Hangul sans that reads well in 3D. */
export const DEFAULT_FONT_NAME = 'Pretendard/Pretendard-ExtraBold.otf'

/** The family that fills in characters a chosen font lacks, at the nearest weight. */
export const FALLBACK_FAMILY_PREFIX = 'Pretendard/'

/**
 * nanoCocoa's sample requests name NanumSquare, which no OFL npm package carries; an old request
 * keeps working with the closest bundled face instead of failing.
 */
export const LEGACY_FONT_ALIASES: Readonly<Record<string, string>> = {
  'NanumSquare/NanumSquareL.ttf': 'NanumGothic/NanumGothic.ttf',
  'NanumSquare/NanumSquareR.ttf': 'NanumGothic/NanumGothic.ttf',
  'NanumSquare/NanumSquareB.ttf': 'NanumGothic/NanumGothicBold.ttf',
  'NanumSquare/NanumSquareEB.ttf': 'NanumGothic/NanumGothicExtraBold.ttf',
}
